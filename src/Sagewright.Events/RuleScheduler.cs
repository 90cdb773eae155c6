using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagewright.Data;

namespace Sagewright.Events;

/// <summary>
/// Fires enabled schedule rules: for each rule whose stored next fire time has come, one "Scheduled Event" (source
/// aws.events, detail {}) goes straight to that rule's targets, and the next fire time is stored, in one transaction,
/// so replicas never fire a tick twice and a crash never loses one already claimed. Ticks missed while no replica ran
/// are skipped, not caught up.
/// </summary>
internal sealed partial class RuleScheduler(IDatabase database, EventSignals signals, EventsOptions options, TimeProvider time,
    ILogger<RuleScheduler> logger) : BackgroundService
{
    public const string DetailType = "Scheduled Event";

    public Task<int> FireDueAsync(CancellationToken cancellationToken) => database.WriteAsync(async db =>
    {
        var now = time.GetUtcNow();
        var due = await EventsStore.DueScheduledRulesAsync(db, now, 100);
        var deliveries = 0;
        foreach (var rule in due)
        {
            var fireAt = rule.NextFireAt!.Value;
            var id = EventEnvelope.NewId();
            var @event = EventEnvelope.Create(id, "aws.events", DetailType, rule.Rule.Bus.AccountId, fireAt, rule.Rule.Bus.Region,
                [rule.Rule.Arn], new JsonObject()).ToJsonString();
            foreach (var target in await EventsStore.TargetsOfRuleAsync(db, rule.Rule))
            {
                await EventsStore.InsertDeliveryAsync(db, target, id, @event, now, now);
                deliveries++;
            }
            await EventsStore.SetNextFireAsync(db, rule.Rule, NextFire(rule.ScheduleExpression, fireAt, now));
        }
        if (deliveries > 0)
        {
            db.AfterCommit(signals.Deliveries.Set);
        }
        return due.Count;
    }, cancellationToken);

    /// <summary>The first fire time after <paramref name="fired"/> that is still ahead of <paramref name="now"/>.</summary>
    public static DateTimeOffset? NextFire(string? expression, DateTimeOffset fired, DateTimeOffset now)
    {
        if (expression is null || !ScheduleExpression.TryParse(expression, out var schedule))
        {
            return null;
        }
        var next = schedule.NextAfter(fired);
        return next is { } n && n <= now ? schedule.NextAfter(now) : next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FireDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
            await signals.Schedules.WaitAsync(options.PollInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing scheduled rules failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
