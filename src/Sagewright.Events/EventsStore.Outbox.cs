using System.Text.Json.Nodes;
using Sagewright.Data;

namespace Sagewright.Events;

/// <summary>An acknowledged event waiting for the router; <see cref="Hops"/> counts bus-to-bus forwards so far.</summary>
internal sealed record InboxEvent(long Id, BusRef Bus, string EventId, string Event, int Hops, DateTimeOffset ReceivedAt);

/// <summary>One (event, target) pair to deliver: a row of the outbox the dispatcher works through.</summary>
internal sealed record Delivery(
    long Id,
    string AccountId,
    string Region,
    string RuleArn,
    string RuleName,
    string TargetId,
    string TargetArn,
    JsonObject Target,
    string EventId,
    string Event,
    DateTimeOffset IngestedAt,
    int Attempts,
    DateTimeOffset CreatedAt);

/// <summary>An event that could not be delivered to a target, with why.</summary>
public sealed record DeadLetter(
    long Id,
    string AccountId,
    string Region,
    string RuleArn,
    string TargetId,
    string TargetArn,
    string EventId,
    string Event,
    string Reason,
    int Attempts,
    DateTimeOffset FailedAt);

internal static partial class EventsStore
{
    public static Task InsertInboxAsync(DbSession db, BusRef bus, string eventId, string eventJson, int hops, DateTimeOffset now) => db.ExecuteAsync(
        "INSERT INTO events_inbox (account_id, region, bus_name, event_id, event, hops, received_at) " +
        "VALUES (@AccountId, @Region, @Name, @eventId, @eventJson, @hops, @now)",
        new { bus.AccountId, bus.Region, bus.Name, eventId, eventJson, hops = (long)hops, now });

    public static Task<IReadOnlyList<InboxEvent>> OldestInboxAsync(DbSession db, int limit) => db.QueryAsync(
        $"SELECT id, account_id, region, bus_name, event_id, event, hops, received_at FROM events_inbox ORDER BY id LIMIT {limit}",
        r => new InboxEvent(r.GetInt64("id"), new BusRef(r.GetString("account_id"), r.GetString("region"), r.GetString("bus_name")),
            r.GetString("event_id"), r.GetString("event"), r.GetInt32("hops"), r.GetDateTimeOffset("received_at")));

    public static async Task<bool> DeleteInboxAsync(DbSession db, long id) =>
        await db.ExecuteAsync("DELETE FROM events_inbox WHERE id = @id", new { id }) == 1;

    public static Task InsertDeliveryAsync(DbSession db, TargetRecord target, string eventId, string eventJson, DateTimeOffset ingestedAt, DateTimeOffset now) =>
        db.ExecuteAsync(
            "INSERT INTO events_deliveries (account_id, region, rule_arn, rule_name, target_id, target_arn, target, event_id, event, ingested_at, " +
            "attempts, next_attempt_at, lease_owner, lease_until, last_error, created_at) VALUES (@AccountId, @Region, @ruleArn, @ruleName, @Id, @Arn, " +
            "@target, @eventId, @eventJson, @ingestedAt, 0, @now, NULL, NULL, NULL, @now)",
            new
            {
                target.Rule.Bus.AccountId, target.Rule.Bus.Region, ruleArn = target.Rule.Arn, ruleName = target.Rule.Name, target.Id, target.Arn,
                target = target.Definition.ToJsonString(), eventId, eventJson, ingestedAt, now,
            });

    /// <summary>Due deliveries whose lease (if any) has run out, oldest first.</summary>
    public static Task<IReadOnlyList<Delivery>> DueDeliveriesAsync(DbSession db, DateTimeOffset now, int limit) => db.QueryAsync(
        "SELECT id, account_id, region, rule_arn, rule_name, target_id, target_arn, target, event_id, event, ingested_at, attempts, created_at " +
        "FROM events_deliveries WHERE next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now) " +
        $"ORDER BY next_attempt_at, id LIMIT {limit}",
        r => new Delivery(r.GetInt64("id"), r.GetString("account_id"), r.GetString("region"), r.GetString("rule_arn"), r.GetString("rule_name"),
            r.GetString("target_id"), r.GetString("target_arn"), (JsonObject)JsonNode.Parse(r.GetString("target"))!, r.GetString("event_id"),
            r.GetString("event"), r.GetDateTimeOffset("ingested_at"), r.GetInt32("attempts"), r.GetDateTimeOffset("created_at")),
        new { now });

    public static Task LeaseAsync(DbSession db, long id, string owner, DateTimeOffset until) => db.ExecuteAsync(
        "UPDATE events_deliveries SET lease_owner = @owner, lease_until = @until WHERE id = @id", new { id, owner, until });

    /// <summary>Deletes a delivered row if this dispatcher still holds its lease; false when another took it over.</summary>
    public static async Task<bool> CompleteDeliveryAsync(DbSession db, long id, string owner) =>
        await db.ExecuteAsync("DELETE FROM events_deliveries WHERE id = @id AND lease_owner = @owner", new { id, owner }) == 1;

    public static async Task<bool> RescheduleAsync(DbSession db, long id, string owner, int attempts, DateTimeOffset next, string error) =>
        await db.ExecuteAsync(
            "UPDATE events_deliveries SET attempts = @attempts, next_attempt_at = @next, last_error = @error, lease_owner = NULL, lease_until = NULL " +
            "WHERE id = @id AND lease_owner = @owner",
            new { id, owner, attempts = (long)attempts, next, error }) == 1;

    public static Task<DateTimeOffset?> NextDeliveryDueAsync(DbSession db) => db.ScalarAsync<DateTimeOffset?>(
        "SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END) FROM events_deliveries");

    public static Task InsertDeadLetterAsync(DbSession db, Delivery delivery, string reason, int attempts, DateTimeOffset now) => db.ExecuteAsync(
        "INSERT INTO events_dead_letters (account_id, region, rule_arn, target_id, target_arn, event_id, event, reason, attempts, failed_at) " +
        "VALUES (@AccountId, @Region, @RuleArn, @TargetId, @TargetArn, @EventId, @Event, @reason, @attempts, @now)",
        new { delivery.AccountId, delivery.Region, delivery.RuleArn, delivery.TargetId, delivery.TargetArn, delivery.EventId, delivery.Event, reason, attempts = (long)attempts, now });

    public static Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(DbSession db, string? accountId, int limit) => db.QueryAsync(
        "SELECT id, account_id, region, rule_arn, target_id, target_arn, event_id, event, reason, attempts, failed_at FROM events_dead_letters" +
        (accountId is null ? "" : " WHERE account_id = @accountId") + $" ORDER BY id LIMIT {limit}",
        r => new DeadLetter(r.GetInt64("id"), r.GetString("account_id"), r.GetString("region"), r.GetString("rule_arn"), r.GetString("target_id"),
            r.GetString("target_arn"), r.GetString("event_id"), r.GetString("event"), r.GetString("reason"), r.GetInt32("attempts"),
            r.GetDateTimeOffset("failed_at")),
        Args(new { }, ("accountId", accountId)));
}
