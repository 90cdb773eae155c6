namespace Sagewright.Data;

public static class DatabaseFactory
{
    /// <summary>Opens PostgreSQL when a connection string is given, otherwise SQLite in the data directory.</summary>
    public static async Task<IDatabase> OpenAsync(DatabaseOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWriteAttempts, 1);
        return string.IsNullOrWhiteSpace(options.PostgresConnectionString)
            ? await SqliteDatabase.OpenAsync(options, ct)
            : await PostgreSqlDatabase.OpenAsync(options.PostgresConnectionString, options, ct);
    }
}
