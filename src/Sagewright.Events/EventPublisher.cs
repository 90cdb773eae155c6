using Sagewright.Data;
using Sagewright.Protocol.Contracts;

namespace Sagewright.Events;

/// <summary>
/// Platform events (aws.sagemaker and the like) onto the account's default bus, written into the inbox in the
/// emitter's own transaction; the router is woken once that transaction commits.
/// </summary>
internal sealed class EventPublisher(EventSignals signals, TimeProvider time) : IEventPublisher
{
    public async ValueTask PublishAsync(DbSession transaction, PlatformEvent platformEvent)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(platformEvent);
        var id = EventEnvelope.NewId();
        var envelope = EventEnvelope.Create(id, platformEvent.Source, platformEvent.DetailType, platformEvent.AccountId, platformEvent.Time,
            platformEvent.Region, platformEvent.Resources, platformEvent.Detail.DeepClone());
        await EventsStore.InsertInboxAsync(transaction, BusRef.DefaultOf(platformEvent.AccountId, platformEvent.Region), id,
            envelope.ToJsonString(), hops: 0, time.GetUtcNow());
        transaction.AfterCommit(signals.Inbox.Set);
    }
}
