using Sagewright.Data;

namespace Sagewright.Events.Targets;

/// <summary>
/// The tables of connections and API destinations. Every key starts with account and region. Methods take the
/// caller's open <see cref="DbSession"/> and return data, never AWS errors. A connection's secrets are one sealed
/// blob (see <see cref="Connections.ConnectionSecretBox"/>); what Describe shows is kept apart as plain JSON.
/// </summary>
internal static partial class TargetsStore
{
    public const string Module = "events-targets";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, """
            CREATE TABLE events_connections (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                arn TEXT NOT NULL,
                description TEXT,
                authorization_type TEXT NOT NULL,
                state TEXT NOT NULL,
                public_auth TEXT NOT NULL,
                sealed_secret BLOB,
                created_at TEXT NOT NULL,
                modified_at TEXT NOT NULL,
                authorized_at TEXT,
                UNIQUE (account_id, region, name)
            );
            CREATE UNIQUE INDEX events_connections_by_arn ON events_connections (arn);
            CREATE TABLE events_api_destinations (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                arn TEXT NOT NULL,
                description TEXT,
                connection_arn TEXT NOT NULL,
                endpoint TEXT NOT NULL,
                http_method TEXT NOT NULL,
                rate_limit INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                modified_at TEXT NOT NULL,
                UNIQUE (account_id, region, name)
            );
            CREATE UNIQUE INDEX events_api_destinations_by_arn ON events_api_destinations (arn);
            """),
    ];

    public static Task MigrateAsync(IDatabase database, CancellationToken cancellationToken) =>
        database.MigrateAsync(Module, Migrations, cancellationToken);

    /// <summary>
    /// The optional filters of a listing page, only those given (a NULL parameter has no type PostgreSQL can infer).
    /// Names only hold [.-_A-Za-z0-9], so a prefix compares as a plain substring (LIKE would read _ as a wildcard).
    /// </summary>
    private static string PageFilters(string? prefix, string? after, string? column, string? columnValue) =>
        (prefix is null ? "" : " AND substr(name, 1, length(@prefix)) = @prefix")
        + (after is null ? "" : " AND name > @after")
        + (columnValue is null ? "" : $" AND {column} = @{column}");
}

/// <param name="PublicAuth">AuthParameters as Describe shows them (no password, key value or secret parameter value).</param>
/// <param name="SealedSecret">All AuthParameters, secrets included, sealed; null once deauthorized.</param>
internal sealed record ConnectionRecord(long Id, string AccountId, string Region, string Name, string Arn, string? Description,
    string AuthorizationType, string State, string PublicAuth, byte[]? SealedSecret, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt,
    DateTimeOffset? AuthorizedAt);

/// <param name="ConnectionState">The state of the connection the ARN names now; null when it no longer exists.</param>
internal sealed record ApiDestinationRecord(long Id, string AccountId, string Region, string Name, string Arn, string? Description,
    string ConnectionArn, string Endpoint, string HttpMethod, long RateLimit, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt,
    string? ConnectionState)
{
    /// <summary>AWS shows a destination ACTIVE while its connection is authorized.</summary>
    public string State => ConnectionState == "AUTHORIZED" ? "ACTIVE" : "INACTIVE";
}
