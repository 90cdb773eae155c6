using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Protocol.Contracts;

namespace Sagewright.Events;

/// <summary>
/// Delivers the outbox: claims due deliveries with a lease (another replica, or this one after a restart, takes over
/// rows whose lease ran out: at-least-once), hands each to its target kind, deletes it on success, reschedules it with
/// exponential backoff on a retryable failure, and dead-letters it when the failure is final or retries ran out.
/// Deliveries of different targets run concurrently (bounded); one target's deliveries run in order.
/// </summary>
internal sealed partial class DeliveryDispatcher(IDatabase database, EventSignals signals, TargetKinds kinds, DeadLetterPublisher deadLetters,
    EventsOptions options, TimeProvider time, ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private readonly string _owner = Ids.RequestId();
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentDeliveries, options.MaxConcurrentDeliveries);
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    /// <summary>Claims one batch and delivers it, returning when every claimed delivery has an outcome.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var groups = await ClaimAsync(options.DispatchBatchSize, cancellationToken);
        await Task.WhenAll(groups.Select(g => DeliverGroupAsync(g, cancellationToken)));
        return groups.Sum(g => g.Count);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                await _slots.WaitAsync(stoppingToken);
                var free = _slots.CurrentCount + 1;
                _slots.Release();
                foreach (var group in await ClaimAsync(Math.Min(free * 4, options.DispatchBatchSize), stoppingToken))
                {
                    claimed += group.Count;
                    await _slots.WaitAsync(stoppingToken);
                    var task = Task.Run(async () =>
                    {
                        try
                        {
                            await DeliverGroupAsync(group, stoppingToken);
                        }
                        finally
                        {
                            _slots.Release();
                            // A finished group may leave retries or newly due rows: look again.
                            signals.Deliveries.Set();
                        }
                    }, CancellationToken.None);
                    _running[task] = true;
                    _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
            if (claimed == 0)
            {
                await signals.Deliveries.WaitAsync(await UntilNextDueAsync(stoppingToken), time, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Unfinished deliveries keep their lease and are retried after it runs out; wait briefly for clean ends.
        await Task.WhenAny(Task.WhenAll(_running.Keys), Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
    }

    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken cancellationToken)
    {
        var next = await database.ReadAsync(EventsStore.NextDeliveryDueAsync, cancellationToken);
        var wait = next is { } due ? due - time.GetUtcNow() : options.PollInterval;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait < options.PollInterval ? wait : options.PollInterval;
    }

    /// <summary>Leases due rows, grouped by target; the k-th row of a group is leased for k delivery timeouts plus a margin.</summary>
    private Task<IReadOnlyList<IReadOnlyList<Delivery>>> ClaimAsync(int limit, CancellationToken cancellationToken) => database.WriteAsync(async db =>
    {
        var now = time.GetUtcNow();
        var due = await EventsStore.DueDeliveriesAsync(db, now, limit);
        var groups = due.GroupBy(d => (d.RuleArn, d.TargetId)).Select(g => (IReadOnlyList<Delivery>)g.ToArray()).ToArray();
        foreach (var group in groups)
        {
            for (var k = 0; k < group.Count; k++)
            {
                await EventsStore.LeaseAsync(db, group[k].Id, _owner, now + options.DeliveryTimeout * (k + 1) + options.LeaseMargin);
            }
        }
        return (IReadOnlyList<IReadOnlyList<Delivery>>)groups;
    }, cancellationToken);

    private async Task DeliverGroupAsync(IReadOnlyList<Delivery> group, CancellationToken cancellationToken)
    {
        foreach (var delivery in group)
        {
            try
            {
                await DeliverAsync(delivery, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Recording the outcome failed (the database is away): the lease runs out and the row is tried again.
                LogFailed(logger, e);
            }
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempts + 1;
        var outcome = await AttemptAsync(delivery, attempt, cancellationToken);
        if (outcome.Delivered)
        {
            await database.WriteAsync(db => EventsStore.CompleteDeliveryAsync(db, delivery.Id, _owner), cancellationToken);
            return;
        }
        var error = outcome.Error ?? "delivery failed";
        var now = time.GetUtcNow();
        var next = now + RetryPolicy.Backoff(attempt, options.FirstRetryDelay, options.MaxRetryDelay);
        var final = outcome.Retryable ? RetryPolicy.Of(delivery.Target).Exhausted(attempt, delivery.IngestedAt, next) : null;
        if (outcome.Retryable && final is null)
        {
            LogRetry(logger, delivery.EventId, delivery.TargetArn, attempt, error);
            await database.WriteAsync(db => EventsStore.RescheduleAsync(db, delivery.Id, _owner, attempt, next, error), cancellationToken);
            return;
        }
        var reason = final is null ? error : $"{error}; {final}";
        LogDeadLetter(logger, delivery.EventId, delivery.TargetArn, reason);
        await database.WriteAsync(async db =>
        {
            if (!await EventsStore.CompleteDeliveryAsync(db, delivery.Id, _owner))
            {
                return false;
            }
            await deadLetters.RecordAsync(db, delivery, reason, attempt, now);
            return true;
        }, cancellationToken);
    }

    private async Task<TargetOutcome> AttemptAsync(Delivery delivery, int attempt, CancellationToken cancellationToken)
    {
        if (kinds.Find(delivery.TargetArn) is not { } kind)
        {
            return TargetOutcome.Fail($"No target kind delivers to {delivery.TargetArn} in this installation.");
        }
        JsonObject @event;
        string payload;
        try
        {
            @event = (JsonObject)JsonNode.Parse(delivery.Event)!;
            payload = TargetInput.Payload(delivery.Target, @event, delivery.RuleArn, delivery.RuleName, delivery.IngestedAt);
        }
        catch (FormatException e)
        {
            return TargetOutcome.Fail("The target's input could not be made: " + e.Message);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.DeliveryTimeout);
        try
        {
            return await kind.DeliverAsync(new EventTargetInvocation(delivery.AccountId, delivery.Region, delivery.RuleArn, delivery.Target,
                @event, payload, attempt), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TargetOutcome.Retry($"The target did not answer within {options.DeliveryTimeout.TotalSeconds:0} seconds.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TargetOutcome.Retry(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of event {EventId} to {TargetArn} failed (attempt {Attempt}), will retry: {Error}")]
    private static partial void LogRetry(ILogger logger, string eventId, string targetArn, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} could not be delivered to {TargetArn} and was dead-lettered: {Reason}")]
    private static partial void LogDeadLetter(ILogger logger, string eventId, string targetArn, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching event deliveries failed; the leases run out and they are retried")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
