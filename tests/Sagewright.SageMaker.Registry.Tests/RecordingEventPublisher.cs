using Sagewright.Data;
using Sagewright.Protocol.Contracts;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>
/// Records the events the registry publishes, once their transaction has committed (as the Events module's outbox
/// would deliver them): an event published in a rolled-back or retried transaction never shows.
/// </summary>
internal sealed class RecordingEventPublisher : IEventPublisher
{
    private readonly List<PlatformEvent> _committed = [];

    public IReadOnlyList<PlatformEvent> Committed
    {
        get
        {
            lock (_committed)
            {
                return _committed.ToArray();
            }
        }
    }

    public ValueTask PublishAsync(DbSession transaction, PlatformEvent platformEvent)
    {
        transaction.AfterCommit(() =>
        {
            lock (_committed)
            {
                _committed.Add(platformEvent);
            }
        });
        return ValueTask.CompletedTask;
    }
}
