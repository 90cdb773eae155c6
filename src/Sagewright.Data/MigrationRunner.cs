namespace Sagewright.Data;

/// <summary>Applies pending migrations inside a transaction that the backend has already serialized.</summary>
internal static class MigrationRunner
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            module TEXT NOT NULL,
            version INTEGER NOT NULL,
            applied_at TEXT NOT NULL,
            PRIMARY KEY (module, version)
        )
        """;

    public static void Validate(SqlDialect dialect, string module, IReadOnlyList<Migration> migrations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        ArgumentNullException.ThrowIfNull(migrations);
        var previous = 0;
        foreach (var migration in migrations)
        {
            if (migration.Version <= previous)
            {
                throw new ArgumentException(
                    $"Migrations of '{module}' must have positive, strictly increasing versions; " +
                    $"{migration.Version} follows {previous}.", nameof(migrations));
            }
            ArgumentException.ThrowIfNullOrWhiteSpace(migration.Sql, nameof(migrations));
            // Rewriting every migration, applied or not, reports a non-portable one on the first start.
            _ = dialect.RewriteMigration(migration.Sql);
            previous = migration.Version;
        }
    }

    public static async Task<int> ApplyPendingAsync(
        DbSession session, SqlDialect dialect, string module, IReadOnlyList<Migration> migrations)
    {
        await session.ExecuteAsync(dialect.RewriteMigration(CreateTable));
        var applied = (await session.QueryAsync(
            "SELECT version FROM schema_migrations WHERE module = @module",
            row => row.GetInt64("version"),
            new { module })).ToHashSet();
        var count = 0;
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            await session.ExecuteAsync(dialect.RewriteMigration(migration.Sql));
            await session.ExecuteAsync(
                "INSERT INTO schema_migrations (module, version, applied_at) VALUES (@module, @version, @appliedAt)",
                new { module, version = (long)migration.Version, appliedAt = DateTimeOffset.UtcNow });
            count++;
        }
        return count;
    }
}
