using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagewright.Data;
using Sagewright.EventPatterns;

namespace Sagewright.Events;

/// <summary>
/// Turns acknowledged events (the inbox) into deliveries: for each event, one row per target of every enabled rule of
/// its bus whose pattern matches, written in the same transaction that deletes the inbox row, so an event is routed
/// exactly once even with several replicas (their transactions conflict and one re-runs) or a crash (nothing commits).
/// An event that already crossed from one bus to another is not forwarded to a third bus, as in AWS (which drops it
/// silently; here it is dead-lettered so the rule's owner can see why).
/// </summary>
internal sealed partial class EventRouter(IDatabase database, EventSignals signals, PatternCache patterns, DeadLetterPublisher deadLetters, EventsOptions options,
    TimeProvider time, ILogger<EventRouter> logger) : BackgroundService
{
    public const string NotForwarded =
        "The event already went from one event bus to another; EventBridge does not forward it on to a third bus.";

    /// <summary>Routes one batch of the oldest inbox events; returns how many it took.</summary>
    public Task<int> RouteOnceAsync(CancellationToken cancellationToken) => database.WriteAsync(async db =>
    {
        var batch = await EventsStore.OldestInboxAsync(db, options.RouteBatchSize);
        var routes = new Dictionary<BusRef, IReadOnlyList<(RuleRecord Rule, IReadOnlyList<TargetRecord> Targets)>>();
        var now = time.GetUtcNow();
        var deliveries = 0;
        foreach (var item in batch)
        {
            if (!routes.TryGetValue(item.Bus, out var rules))
            {
                rules = routes[item.Bus] = await RulesOfAsync(db, item.Bus);
            }
            using var document = JsonDocument.Parse(item.Event);
            foreach (var (rule, targets) in rules)
            {
                if (!Matches(rule, document.RootElement))
                {
                    continue;
                }
                foreach (var target in targets)
                {
                    if (item.Hops > 0 && EventBusTarget.IsBus(target.Arn))
                    {
                        // AWS drops these silently; a dead letter tells the rule's owner why the event went no further.
                        LogNotForwarded(logger, item.EventId, rule.Rule.Arn, target.Arn);
                        var skipped = new Delivery(0, target.Rule.Bus.AccountId, target.Rule.Bus.Region, rule.Rule.Arn, rule.Rule.Name, target.Id,
                            target.Arn, target.Definition, item.EventId, item.Event, item.ReceivedAt, 0, now);
                        await deadLetters.RecordAsync(db, skipped, NotForwarded, 0, now);
                        continue;
                    }
                    await EventsStore.InsertDeliveryAsync(db, target, item.EventId, item.Event, item.ReceivedAt, now);
                    deliveries++;
                }
            }
            await EventsStore.DeleteInboxAsync(db, item.Id);
        }
        if (deliveries > 0)
        {
            db.AfterCommit(signals.Deliveries.Set);
        }
        return batch.Count;
    }, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RouteOnceAsync(stoppingToken) >= options.RouteBatchSize)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
            await signals.Inbox.WaitAsync(options.PollInterval, time, stoppingToken);
        }
    }

    private static async Task<IReadOnlyList<(RuleRecord, IReadOnlyList<TargetRecord>)>> RulesOfAsync(DbSession db, BusRef bus)
    {
        var rules = await EventsStore.EnabledPatternRulesAsync(db, bus);
        if (rules.Count == 0)
        {
            return [];
        }
        var targets = (await EventsStore.TargetsOfBusAsync(db, bus)).ToLookup(t => t.Rule.Name);
        return rules.Select(r => (r, (IReadOnlyList<TargetRecord>)targets[r.Rule.Name].ToArray())).ToArray();
    }

    private bool Matches(RuleRecord rule, JsonElement @event)
    {
        try
        {
            return patterns.Get(rule.EventPattern!).Matches(@event);
        }
        catch (InvalidEventPatternException e)
        {
            // PutRule validates patterns, so only a pattern stored by an older, laxer version can get here.
            LogBadPattern(logger, rule.Rule.Arn, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} already crossed buses; rule {RuleArn} does not forward it to {TargetArn}")]
    private static partial void LogNotForwarded(ILogger logger, string eventId, string ruleArn, string targetArn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule {RuleArn} has a pattern the engine rejects: {Reason}")]
    private static partial void LogBadPattern(ILogger logger, string ruleArn, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Routing events failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
