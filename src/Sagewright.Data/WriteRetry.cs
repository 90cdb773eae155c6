namespace Sagewright.Data;

/// <summary>Re-runs a whole transaction after write conflicts, with growing, jittered pauses.</summary>
internal static class WriteRetry
{
    private const int BaseDelayMilliseconds = 5;
    private const int MaxDelayMilliseconds = 500;

    public static async Task<T> RunAsync<T>(
        Func<Task<T>> attempt, Func<Exception, bool> isTransient, int maxAttempts, CancellationToken ct)
    {
        for (var attempts = 1; ; attempts++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (attempts < maxAttempts && isTransient(e))
            {
                await Task.Delay(Backoff(attempts), ct);
            }
        }
    }

    // "Equal jitter" (half fixed, half random): pauses keep growing with each failure, and contenders
    // that failed together spread out instead of colliding again in lock step.
    internal static TimeSpan Backoff(int failedAttempts)
    {
        var ceiling = Math.Min(MaxDelayMilliseconds, BaseDelayMilliseconds << Math.Min(failedAttempts - 1, 10));
        return TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 2, ceiling + 1));
    }
}
