using Sagewright.Data;

namespace Sagewright.SageMaker.Hosting;

/// <summary>
/// Hosting's tables and SQL. Every key starts with account and region; names are unique case-insensitively (their
/// ARNs are lower-cased). What is only described back (containers, variants, capture config...) is kept as one JSON
/// text; the columns are what listings filter and sort on. Methods take the caller's <see cref="DbSession"/> and
/// return data, never AWS errors.
/// </summary>
internal static partial class HostingStore
{
    public const string Module = "sagemaker-hosting";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, """
            CREATE TABLE sagemaker_models (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                name_key TEXT NOT NULL,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                details TEXT NOT NULL,
                UNIQUE (account_id, region, name_key)
            );
            CREATE TABLE sagemaker_endpoint_configs (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                name_key TEXT NOT NULL,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                details TEXT NOT NULL,
                UNIQUE (account_id, region, name_key)
            );
            """),
    ];

    public static Task MigrateAsync(IDatabase database, CancellationToken cancellationToken) =>
        database.MigrateAsync(Module, Migrations, cancellationToken);

    /// <summary>Inserts the row unless the name is taken; false when it is.</summary>
    private static async Task<bool> InsertAsync(DbSession db, string table, HostingName id, DateTimeOffset now, string details) =>
        await db.ExecuteAsync(
            $"""
            INSERT INTO {table} (account_id, region, name_key, name, created_at, details)
            VALUES (@AccountId, @Region, @Key, @Name, @now, @details)
            ON CONFLICT (account_id, region, name_key) DO NOTHING
            """,
            new { id.AccountId, id.Region, id.Key, id.Name, now, details }) == 1;

    private static Task<HostingRecord?> FindAsync(DbSession db, string table, HostingName id) => db.QuerySingleOrDefaultAsync(
        $"SELECT {Columns} FROM {table} WHERE account_id = @AccountId AND region = @Region AND name_key = @Key",
        Read, new { id.AccountId, id.Region, id.Key });

    private static async Task<bool> DeleteAsync(DbSession db, string table, HostingName id) => await db.ExecuteAsync(
        $"DELETE FROM {table} WHERE account_id = @AccountId AND region = @Region AND name_key = @Key",
        new { id.AccountId, id.Region, id.Key }) == 1;

    private static Task<IReadOnlyList<HostingRecord>> ListAsync(DbSession db, string table, string accountId, string region, HostingListQuery query) =>
        db.QueryAsync(
            $"SELECT {Columns} FROM {table} WHERE account_id = @accountId AND region = @region {query.Where} {query.OrderBy}",
            Read, query.Arguments(new() { ["accountId"] = accountId, ["region"] = region }));

    private const string Columns = "id, account_id, region, name, created_at, details";

    private static HostingRecord Read(DbRow row) => new(
        row.GetInt64("id"),
        row.GetString("account_id"),
        row.GetString("region"),
        row.GetString("name"),
        row.GetDateTimeOffset("created_at"),
        row.GetString("details"));
}

/// <summary>A stored model or endpoint configuration: its name, creation time and described members as JSON.</summary>
internal sealed record HostingRecord(long Id, string AccountId, string Region, string Name, DateTimeOffset CreatedAt, string Details);
