namespace Sagewright.Data;

public sealed class DatabaseOptions
{
    /// <summary>When set, PostgreSQL is used and <see cref="DataDirectory"/> is ignored.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Where the SQLite file lives: {DataDirectory}/sagewright.db.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>How many times <see cref="IDatabase.WriteAsync{T}"/> runs its delegate before giving up on conflicts.</summary>
    public int MaxWriteAttempts { get; set; } = 10;
}
