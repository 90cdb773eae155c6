using System.Data.Common;

namespace Sagewright.Data;

/// <summary>The current row of a query, read by column name in the portable types.</summary>
public readonly struct DbRow
{
    private readonly DbDataReader _reader;

    internal DbRow(DbDataReader reader) => _reader = reader;

    public bool IsNull(string col) => _reader.IsDBNull(_reader.GetOrdinal(col));

    public string GetString(string col) => _reader.GetString(_reader.GetOrdinal(col));

    public string? GetStringOrNull(string col) => IsNull(col) ? null : GetString(col);

    public long GetInt64(string col) => _reader.GetInt64(_reader.GetOrdinal(col));

    public long? GetInt64OrNull(string col) => IsNull(col) ? null : GetInt64(col);

    public int GetInt32(string col) => checked((int)GetInt64(col));

    public double GetDouble(string col) => _reader.GetDouble(_reader.GetOrdinal(col));

    public bool GetBoolean(string col) => _reader.GetBoolean(_reader.GetOrdinal(col));

    public bool? GetBooleanOrNull(string col) => IsNull(col) ? null : GetBoolean(col);

    public byte[] GetBytes(string col) => _reader.GetFieldValue<byte[]>(_reader.GetOrdinal(col));

    public byte[]? GetBytesOrNull(string col) => IsNull(col) ? null : GetBytes(col);

    public DateTimeOffset GetDateTimeOffset(string col) => SqlValues.ToTimestamp(_reader.GetValue(_reader.GetOrdinal(col)));

    public DateTimeOffset? GetDateTimeOffsetOrNull(string col) => IsNull(col) ? null : GetDateTimeOffset(col);

    public Guid GetGuid(string col) => Guid.Parse(GetString(col));

    /// <summary>Reads a column as <typeparamref name="T"/> with the same conversions as ScalarAsync.</summary>
    public T? Get<T>(string col) => SqlValues.ConvertTo<T>(_reader.GetValue(_reader.GetOrdinal(col)));
}
