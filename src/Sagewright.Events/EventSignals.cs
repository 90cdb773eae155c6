namespace Sagewright.Events;

/// <summary>
/// A wake-up for a worker: set after a commit that gave it work, waited for with a polling timeout (for work that
/// other replicas commit). A set that arrives while the worker is busy is not lost: it makes the next wait return at once.
/// </summary>
internal sealed class Wakeup
{
    private TaskCompletionSource _signal = NewSignal();

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _signal);
        if (!signal.Task.IsCompleted && timeout > TimeSpan.Zero)
        {
            try
            {
                await signal.Task.WaitAsync(timeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Polling: another replica may have committed work this process was not told about.
            }
        }
        // Reset before the worker looks at the database, so a set during that look wakes the next wait.
        Interlocked.CompareExchange(ref _signal, NewSignal(), signal);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The in-process wake-ups of the event workers.</summary>
internal sealed class EventSignals
{
    public Wakeup Inbox { get; } = new();
    public Wakeup Deliveries { get; } = new();
    public Wakeup Schedules { get; } = new();
}
