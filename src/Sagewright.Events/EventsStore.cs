using Sagewright.Data;

namespace Sagewright.Events;

/// <summary>
/// EventBridge's tables and SQL. Buses, rules, targets and tags start with account and region. The inbox holds
/// acknowledged events not yet routed; the deliveries table is the outbox of (event, target) pairs still to deliver;
/// dead letters keep what could not be delivered. Methods take the caller's open <see cref="DbSession"/>.
/// </summary>
internal static partial class EventsStore
{
    public const string Module = "events";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, """
            CREATE TABLE events_buses (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT,
                policy TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (account_id, region, name)
            );
            CREATE TABLE events_rules (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                bus_name TEXT NOT NULL,
                name TEXT NOT NULL,
                event_pattern TEXT,
                schedule_expression TEXT,
                state TEXT NOT NULL,
                description TEXT,
                role_arn TEXT,
                next_fire_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (account_id, region, bus_name, name)
            );
            CREATE INDEX events_rules_by_next_fire ON events_rules (next_fire_at);
            CREATE TABLE events_targets (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                bus_name TEXT NOT NULL,
                rule_name TEXT NOT NULL,
                target_id TEXT NOT NULL,
                target_arn TEXT NOT NULL,
                definition TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (account_id, region, bus_name, rule_name, target_id)
            );
            CREATE INDEX events_targets_by_arn ON events_targets (account_id, region, target_arn);
            CREATE TABLE events_tags (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                resource_arn TEXT NOT NULL,
                tag_key TEXT NOT NULL,
                tag_value TEXT NOT NULL,
                PRIMARY KEY (account_id, region, resource_arn, tag_key)
            );
            CREATE TABLE events_inbox (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                bus_name TEXT NOT NULL,
                event_id TEXT NOT NULL,
                event TEXT NOT NULL,
                hops INTEGER NOT NULL,
                received_at TEXT NOT NULL
            );
            CREATE TABLE events_deliveries (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                rule_arn TEXT NOT NULL,
                rule_name TEXT NOT NULL,
                target_id TEXT NOT NULL,
                target_arn TEXT NOT NULL,
                target TEXT NOT NULL,
                event_id TEXT NOT NULL,
                event TEXT NOT NULL,
                ingested_at TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at TEXT NOT NULL,
                lease_owner TEXT,
                lease_until TEXT,
                last_error TEXT,
                created_at TEXT NOT NULL
            );
            CREATE INDEX events_deliveries_due ON events_deliveries (next_attempt_at);
            CREATE TABLE events_dead_letters (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                rule_arn TEXT NOT NULL,
                target_id TEXT NOT NULL,
                target_arn TEXT NOT NULL,
                event_id TEXT NOT NULL,
                event TEXT NOT NULL,
                reason TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                failed_at TEXT NOT NULL
            );
            CREATE INDEX events_dead_letters_by_account ON events_dead_letters (account_id, failed_at);
            """),
    ];

    public static Task MigrateAsync(IDatabase database, CancellationToken cancellationToken) =>
        database.MigrateAsync(Module, Migrations, cancellationToken);
}

internal sealed class EventsMigrations(IDatabase database) : Sagewright.Core.IStartupTask
{
    public int Order => 1;

    public Task RunAsync(CancellationToken cancellationToken) => EventsStore.MigrateAsync(database, cancellationToken);
}
