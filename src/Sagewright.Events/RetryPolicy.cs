using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Events;

/// <summary>A target's RetryPolicy, with AWS's defaults: 185 retries, events up to 24 hours old.</summary>
internal sealed record RetryPolicy(int MaximumRetryAttempts, TimeSpan MaximumEventAge)
{
    public static readonly RetryPolicy Default = new(185, TimeSpan.FromHours(24));

    public static RetryPolicy Of(JsonObject target) => target["RetryPolicy"] is JsonObject policy
        ? new RetryPolicy(
            (int)(policy.OptionalInt64("MaximumRetryAttempts") ?? Default.MaximumRetryAttempts),
            policy.OptionalInt64("MaximumEventAgeInSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : Default.MaximumEventAge)
        : Default;

    /// <summary>Why no further attempt may follow <paramref name="attempts"/> failed ones, or null when one may.</summary>
    public string? Exhausted(int attempts, DateTimeOffset ingestedAt, DateTimeOffset nextAttemptAt)
    {
        if (attempts - 1 >= MaximumRetryAttempts)
        {
            return $"retries exhausted after {attempts} attempts (MaximumRetryAttempts {MaximumRetryAttempts})";
        }
        if (nextAttemptAt - ingestedAt > MaximumEventAge)
        {
            return $"event older than MaximumEventAgeInSeconds {(long)MaximumEventAge.TotalSeconds} before its next attempt";
        }
        return null;
    }

    /// <summary>Exponential backoff with "equal jitter": half of the doubled delay fixed, half random.</summary>
    public static TimeSpan Backoff(int failedAttempts, TimeSpan first, TimeSpan max)
    {
        var ceiling = Math.Min(max.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
