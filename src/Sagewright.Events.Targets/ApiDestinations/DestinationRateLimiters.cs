using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Sagewright.Events.Targets.ApiDestinations;

/// <summary>
/// One token bucket per API destination holding InvocationRateLimitPerSecond tokens, refilled every second, so
/// deliveries beyond the rate wait their turn (in order) instead of failing. A changed rate takes a new bucket.
/// </summary>
internal sealed class DestinationRateLimiters : IDisposable
{
    /// <summary>Deliveries waiting past this many for one destination are handed back for a later retry.</summary>
    private const int QueueLimit = 10_000;

    private readonly ConcurrentDictionary<string, (long Rate, TokenBucketRateLimiter Bucket)> _buckets = new();

    /// <summary>A lease to send now, or an unacquired one when the queue is full.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(string destinationArn, long ratePerSecond, CancellationToken cancellationToken)
    {
        var entry = _buckets.AddOrUpdate(destinationArn,
            _ => (ratePerSecond, NewBucket(ratePerSecond)),
            (_, old) => old.Rate == ratePerSecond ? old : Replace(old.Bucket, ratePerSecond));
        return entry.Bucket.AcquireAsync(1, cancellationToken);
    }

    private static (long, TokenBucketRateLimiter) Replace(TokenBucketRateLimiter old, long ratePerSecond)
    {
        old.Dispose();
        return (ratePerSecond, NewBucket(ratePerSecond));
    }

    private static TokenBucketRateLimiter NewBucket(long ratePerSecond)
    {
        var tokens = (int)Math.Min(ratePerSecond, int.MaxValue);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public void Dispose()
    {
        foreach (var (_, bucket) in _buckets.Values)
        {
            bucket.Dispose();
        }
    }
}
