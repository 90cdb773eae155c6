using Xunit;

namespace Sagewright.Data.Tests;

public abstract partial class DatabaseContractTests
{
    private const string ValuesTable = """
        CREATE TABLE vals (
            id TEXT PRIMARY KEY,
            s TEXT,
            n INTEGER,
            b BOOLEAN,
            bytes BLOB,
            ts TEXT,
            d REAL
        )
        """;

    private const string InsertValue =
        "INSERT INTO vals (id, s, n, b, bytes, ts, d) VALUES (@id, @s, @n, @b, @bytes, @ts, @d)";

    public enum Color
    {
        Red = 1,
        Blue = 7,
    }

    private sealed record Val(string? S, long? N, bool? B, byte[]? Bytes, DateTimeOffset? Ts, double? D);

    private static Val ReadVal(DbRow r) => new(
        r.GetStringOrNull("s"), r.GetInt64OrNull("n"), r.GetBooleanOrNull("b"),
        r.GetBytesOrNull("bytes"), r.GetDateTimeOffsetOrNull("ts"), r.IsNull("d") ? null : r.GetDouble("d"));

    private Task<Val?> ReadValAsync(string id) => Db.ReadAsync(
        s => s.QuerySingleOrDefaultAsync("SELECT * FROM vals WHERE id = @id", ReadVal, new { id }), Ct);

    [BackendFact]
    public async Task RoundTrip_EveryPortableType_FromAnonymousObject()
    {
        await CreateTablesAsync(ValuesTable);
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var ts = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(5.5)).AddTicks(1234567);

        await Db.WriteAsync(async s =>
        {
            await s.ExecuteAsync(InsertValue, new
            {
                id = "max",
                s = "héllo ✓ 𝄞",
                n = long.MaxValue,
                b = true,
                bytes,
                ts,
                d = 0.1,
            });
            await s.ExecuteAsync(InsertValue, new
            {
                id = "min",
                s = "",
                n = long.MinValue,
                b = false,
                bytes = Array.Empty<byte>(),
                ts = DateTimeOffset.MinValue,
                d = -1e300,
            });
            return await s.ExecuteAsync(InsertValue, new
            {
                id = "nulls",
                s = (string?)null,
                n = (long?)null,
                b = (bool?)null,
                bytes = (byte[]?)null,
                ts = (DateTimeOffset?)null,
                d = (double?)null,
            });
        }, Ct);

        var max = await ReadValAsync("max");
        Assert.Equal("héllo ✓ 𝄞", max!.S);
        Assert.Equal(long.MaxValue, max.N);
        Assert.True(max.B);
        Assert.Equal(bytes, max.Bytes);
        Assert.Equal(ts, max.Ts);
        Assert.Equal(TimeSpan.Zero, max.Ts!.Value.Offset);
        Assert.Equal(0.1, max.D);
        var min = await ReadValAsync("min");
        Assert.Equal("", min!.S);
        Assert.Equal(long.MinValue, min.N);
        Assert.False(min.B);
        Assert.Equal([], min.Bytes!);
        Assert.Equal(DateTimeOffset.MinValue, min.Ts);
        Assert.Equal(-1e300, min.D);
        Assert.Equal(new Val(null, null, null, null, null, null), await ReadValAsync("nulls"));
    }

    [BackendFact]
    public async Task RoundTrip_FromDictionary_GuidAndEnum()
    {
        await CreateTablesAsync(ValuesTable);
        var guid = Guid.NewGuid();
        var args = new Dictionary<string, object?>
        {
            ["id"] = guid,
            ["s"] = "x",
            ["n"] = Color.Blue,
            ["b"] = false,
            ["bytes"] = null,
            ["ts"] = null,
            ["d"] = 2.5,
        };

        await Db.WriteAsync(s => s.ExecuteAsync(InsertValue, args), Ct);

        var (id, color) = await Db.ReadAsync(s => s.QuerySingleOrDefaultAsync(
            "SELECT id, n FROM vals", r => (r.GetGuid("id"), r.Get<Color>("n")), null), Ct);
        Assert.Equal(guid, id);
        Assert.Equal(Color.Blue, color);
    }

    [BackendFact]
    public async Task Timestamps_SortInTimeOrder()
    {
        await CreateTablesAsync(ValuesTable);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset[] times =
        [
            start.AddTicks(1), start.ToOffset(TimeSpan.FromHours(-8)).AddHours(1), start.AddYears(-30),
            start.ToOffset(TimeSpan.FromHours(9)), start.AddMilliseconds(999),
            new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.FromHours(9)),
        ];

        await Db.WriteAsync(async s =>
        {
            for (var i = 0; i < times.Length; i++)
            {
                await s.ExecuteAsync("INSERT INTO vals (id, ts) VALUES (@id, @ts)", new { id = $"t{i}", ts = times[i] });
            }
            return 0;
        }, Ct);

        var sorted = await Db.ReadAsync(s => s.QueryAsync(
            "SELECT ts FROM vals WHERE ts > @after ORDER BY ts",
            r => r.GetDateTimeOffset("ts"),
            new { after = start.AddYears(-1) }), Ct);
        Assert.Equal(times.Where(t => t > start.AddYears(-1)).Order(), sorted);
    }

    [BackendFact]
    public async Task Text_SortsInOrdinalOrder_WhateverTheDatabaseLocale()
    {
        await CreateTablesAsync(ValuesTable);
        string[] keys = ["b", "B", "a", "A", "_x", "a-b", "a/b", "ab", "é", "Z", "10", "9"];

        await Db.WriteAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.ExecuteAsync("INSERT INTO vals (id, s) VALUES (@key, @key)", new { key });
            }
            return 0;
        }, Ct);

        var byId = await Db.ReadAsync(
            s => s.QueryAsync("SELECT id FROM vals ORDER BY id", r => r.GetString("id")), Ct);
        var byText = await Db.ReadAsync(
            s => s.QueryAsync("SELECT s FROM vals WHERE s > 'Z' ORDER BY s", r => r.GetString("s")), Ct);
        Assert.Equal(keys.Order(StringComparer.Ordinal), byId);
        Assert.Equal(keys.Where(k => string.CompareOrdinal(k, "Z") > 0).Order(StringComparer.Ordinal), byText);
    }

    [BackendFact]
    public async Task Scalar_ConvertsToTheRequestedType()
    {
        await CreateTablesAsync(ValuesTable);
        var ts = DateTimeOffset.UnixEpoch.AddDays(12345.5);
        await Db.WriteAsync(s => s.ExecuteAsync(
            InsertValue, new { id = "1", s = "x", n = 42, b = true, bytes = new byte[] { 1 }, ts, d = 1.5 }), Ct);

        await Db.ReadAsync(async s =>
        {
            Assert.Equal(1L, await s.ScalarAsync<long>("SELECT COUNT(*) FROM vals"));
            Assert.Equal(42, await s.ScalarAsync<int>("SELECT n FROM vals"));
            Assert.True(await s.ScalarAsync<bool>("SELECT b FROM vals"));
            Assert.Equal(ts, await s.ScalarAsync<DateTimeOffset>("SELECT ts FROM vals"));
            Assert.Equal(new byte[] { 1 }, await s.ScalarAsync<byte[]>("SELECT bytes FROM vals"));
            Assert.Null(await s.ScalarAsync<long?>("SELECT n FROM vals WHERE id = 'missing'"));
            Assert.Null(await s.ScalarAsync<string>("SELECT s FROM vals WHERE id = 'missing'"));
            Assert.Equal(7L, await s.QuerySingleOrDefaultAsync("SELECT 7 AS seven", r => r.GetInt64("seven")));
            return 0;
        }, Ct);
    }

    [BackendFact]
    public async Task QuerySingleOrDefault_WithNoRowsOrTwoRows_ReturnsDefaultOrThrows()
    {
        await CreateTablesAsync(ValuesTable);
        await Db.WriteAsync(s => s.ExecuteAsync("INSERT INTO vals (id) VALUES ('a'), ('b')"), Ct);

        var none = await Db.ReadAsync(
            s => s.QuerySingleOrDefaultAsync("SELECT id FROM vals WHERE id = 'z'", r => r.GetString("id")), Ct);
        Assert.Null(none);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Db.ReadAsync(s => s.QuerySingleOrDefaultAsync("SELECT id FROM vals", r => r.GetString("id")), Ct));
    }

    [BackendFact]
    public async Task Upsert_OnConflictDoUpdate_InsertsThenUpdates()
    {
        await CreateTablesAsync(ValuesTable);
        const string Upsert = "INSERT INTO vals (id, n) VALUES (@id, @n) ON CONFLICT (id) DO UPDATE SET n = excluded.n";

        await Db.WriteAsync(s => s.ExecuteAsync(Upsert, new { id = "k", n = 1 }), Ct);
        await Db.WriteAsync(s => s.ExecuteAsync(Upsert, new { id = "k", n = 2 }), Ct);

        Assert.Equal(2L, await Db.ReadAsync(s => s.ScalarAsync<long>("SELECT n FROM vals WHERE id = 'k'"), Ct));
        Assert.Equal(1, await CountAsync("vals"));
    }

    [BackendFact]
    public async Task Parameters_OfAmbiguousOrUnsupportedType_AreRejected()
    {
        await CreateTablesAsync(ValuesTable);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Db.WriteAsync(s => s.ExecuteAsync("INSERT INTO vals (id, ts) VALUES ('x', @ts)", new { ts = DateTime.Now }), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Db.WriteAsync(s => s.ExecuteAsync("INSERT INTO vals (id, d) VALUES ('x', @d)", new { d = 1.5m }), Ct));
    }
}
