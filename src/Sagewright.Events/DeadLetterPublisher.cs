using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Contracts;

namespace Sagewright.Events;

/// <summary>
/// Records an undeliverable event in the dead-letter table and announces it on the rule account's default bus as
/// <c>source: sagewright.events</c>, <c>detail-type: Event Delivery Failed</c>, so users can route failures like any
/// event. A failure to deliver such an announcement is recorded but never announced again (no loops).
/// </summary>
internal sealed class DeadLetterPublisher(IEventPublisher publisher)
{
    public const string Source = "sagewright.events";
    public const string DetailType = "Event Delivery Failed";

    public async Task RecordAsync(DbSession db, Delivery delivery, string reason, int attempts, DateTimeOffset now)
    {
        await EventsStore.InsertDeadLetterAsync(db, delivery, reason, attempts, now);
        var original = JsonNode.Parse(delivery.Event) as JsonObject;
        if (original?["source"]?.GetValue<string>() == Source && original["detail-type"]?.GetValue<string>() == DetailType)
        {
            return;
        }
        await publisher.PublishAsync(db, new PlatformEvent(delivery.AccountId, delivery.Region, Source, DetailType, [delivery.RuleArn],
            new JsonObject
            {
                ["RuleArn"] = delivery.RuleArn,
                ["TargetId"] = delivery.TargetId,
                ["TargetArn"] = delivery.TargetArn,
                ["Reason"] = reason,
                ["Attempts"] = attempts,
                ["Event"] = original,
            },
            now));
    }
}

/// <summary>Reads the dead-letter table (for the admin CLI and operators).</summary>
public sealed class EventDeadLetters(IDatabase database)
{
    public Task<IReadOnlyList<DeadLetter>> ListAsync(string? accountId, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync(db => EventsStore.DeadLettersAsync(db, accountId, limit), cancellationToken);

    public Task MigrateAsync(CancellationToken cancellationToken) => EventsStore.MigrateAsync(database, cancellationToken);
}
