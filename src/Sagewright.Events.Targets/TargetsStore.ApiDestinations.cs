using Sagewright.Data;

namespace Sagewright.Events.Targets;

internal static partial class TargetsStore
{
    private const string DestinationSelect =
        """
        SELECT d.id, d.account_id, d.region, d.name, d.arn, d.description, d.connection_arn, d.endpoint, d.http_method, d.rate_limit,
            d.created_at, d.modified_at, c.state AS connection_state
        FROM events_api_destinations d LEFT JOIN events_connections c ON c.arn = d.connection_arn
        """;

    /// <summary>Inserts the destination unless one of that name exists; false when it does.</summary>
    public static async Task<bool> InsertApiDestinationAsync(DbSession db, ApiDestinationRecord d) =>
        await db.ExecuteAsync(
            """
            INSERT INTO events_api_destinations (account_id, region, name, arn, description, connection_arn, endpoint, http_method,
                rate_limit, created_at, modified_at)
            VALUES (@AccountId, @Region, @Name, @Arn, @Description, @ConnectionArn, @Endpoint, @HttpMethod, @RateLimit, @CreatedAt, @ModifiedAt)
            ON CONFLICT (account_id, region, name) DO NOTHING
            """,
            d) == 1;

    public static Task<ApiDestinationRecord?> FindApiDestinationAsync(DbSession db, string accountId, string region, string name) =>
        db.QuerySingleOrDefaultAsync(
            $"{DestinationSelect} WHERE d.account_id = @accountId AND d.region = @region AND d.name = @name",
            ReadApiDestination, new { accountId, region, name });

    public static Task<ApiDestinationRecord?> FindApiDestinationByArnAsync(DbSession db, string arn) =>
        db.QuerySingleOrDefaultAsync($"{DestinationSelect} WHERE d.arn = @arn", ReadApiDestination, new { arn });

    public static Task UpdateApiDestinationAsync(DbSession db, ApiDestinationRecord d) => db.ExecuteAsync(
        """
        UPDATE events_api_destinations SET description = @Description, connection_arn = @ConnectionArn, endpoint = @Endpoint,
            http_method = @HttpMethod, rate_limit = @RateLimit, modified_at = @ModifiedAt
        WHERE id = @Id
        """,
        d);

    public static Task DeleteApiDestinationAsync(DbSession db, ApiDestinationRecord d) =>
        db.ExecuteAsync("DELETE FROM events_api_destinations WHERE id = @Id", new { d.Id });

    /// <summary>One page in name order, plus one row more when another page follows.</summary>
    public static Task<IReadOnlyList<ApiDestinationRecord>> ListApiDestinationsAsync(DbSession db, string accountId, string region,
        string? prefix, string? connectionArn, string? after, int limit) =>
        db.QueryAsync(
            $"""
            SELECT * FROM ({DestinationSelect}) page
            WHERE account_id = @accountId AND region = @region{PageFilters(prefix, after, "connection_arn", connectionArn)}
            ORDER BY name LIMIT @take
            """,
            ReadApiDestination, new { accountId, region, prefix, connection_arn = connectionArn, after, take = limit + 1 });

    private static ApiDestinationRecord ReadApiDestination(DbRow row) => new(
        row.GetInt64("id"),
        row.GetString("account_id"),
        row.GetString("region"),
        row.GetString("name"),
        row.GetString("arn"),
        row.GetStringOrNull("description"),
        row.GetString("connection_arn"),
        row.GetString("endpoint"),
        row.GetString("http_method"),
        row.GetInt64("rate_limit"),
        row.GetDateTimeOffset("created_at"),
        row.GetDateTimeOffset("modified_at"),
        row.GetStringOrNull("connection_state"));
}
