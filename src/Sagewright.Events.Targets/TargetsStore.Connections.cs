using Sagewright.Data;

namespace Sagewright.Events.Targets;

internal static partial class TargetsStore
{
    private const string ConnectionColumns =
        "id, account_id, region, name, arn, description, authorization_type, state, public_auth, sealed_secret, created_at, modified_at, authorized_at";

    /// <summary>Inserts the connection unless one of that name exists; false when it does.</summary>
    public static async Task<bool> InsertConnectionAsync(DbSession db, ConnectionRecord c) =>
        await db.ExecuteAsync(
            """
            INSERT INTO events_connections (account_id, region, name, arn, description, authorization_type, state, public_auth,
                sealed_secret, created_at, modified_at, authorized_at)
            VALUES (@AccountId, @Region, @Name, @Arn, @Description, @AuthorizationType, @State, @PublicAuth,
                @SealedSecret, @CreatedAt, @ModifiedAt, @AuthorizedAt)
            ON CONFLICT (account_id, region, name) DO NOTHING
            """,
            c) == 1;

    public static Task<ConnectionRecord?> FindConnectionAsync(DbSession db, string accountId, string region, string name) =>
        db.QuerySingleOrDefaultAsync(
            $"SELECT {ConnectionColumns} FROM events_connections WHERE account_id = @accountId AND region = @region AND name = @name",
            ReadConnection, new { accountId, region, name });

    public static Task<ConnectionRecord?> FindConnectionByArnAsync(DbSession db, string arn) =>
        db.QuerySingleOrDefaultAsync($"SELECT {ConnectionColumns} FROM events_connections WHERE arn = @arn", ReadConnection, new { arn });

    public static Task UpdateConnectionAsync(DbSession db, ConnectionRecord c) => db.ExecuteAsync(
        """
        UPDATE events_connections SET description = @Description, authorization_type = @AuthorizationType, state = @State,
            public_auth = @PublicAuth, sealed_secret = @SealedSecret, modified_at = @ModifiedAt, authorized_at = @AuthorizedAt
        WHERE id = @Id
        """,
        c);

    public static Task DeleteConnectionAsync(DbSession db, ConnectionRecord c) =>
        db.ExecuteAsync("DELETE FROM events_connections WHERE id = @Id", new { c.Id });

    public static Task<long> CountConnectionsAsync(DbSession db) => db.ScalarAsync<long>("SELECT COUNT(*) FROM events_connections");

    /// <summary>One page in name order, plus one row more when another page follows.</summary>
    public static Task<IReadOnlyList<ConnectionRecord>> ListConnectionsAsync(DbSession db, string accountId, string region,
        string? prefix, string? state, string? after, int limit) =>
        db.QueryAsync(
            $"""
            SELECT {ConnectionColumns} FROM events_connections
            WHERE account_id = @accountId AND region = @region{PageFilters(prefix, after, "state", state)}
            ORDER BY name LIMIT @take
            """,
            ReadConnection, new { accountId, region, prefix, state, after, take = limit + 1 });

    private static ConnectionRecord ReadConnection(DbRow row) => new(
        row.GetInt64("id"),
        row.GetString("account_id"),
        row.GetString("region"),
        row.GetString("name"),
        row.GetString("arn"),
        row.GetStringOrNull("description"),
        row.GetString("authorization_type"),
        row.GetString("state"),
        row.GetString("public_auth"),
        row.GetBytesOrNull("sealed_secret"),
        row.GetDateTimeOffset("created_at"),
        row.GetDateTimeOffset("modified_at"),
        row.GetDateTimeOffsetOrNull("authorized_at"));
}
