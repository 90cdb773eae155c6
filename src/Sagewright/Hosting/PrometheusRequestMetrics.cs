using Prometheus;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Hosting;

/// <summary>Request counts and latency by service, operation and status, for /metrics.</summary>
public sealed class PrometheusRequestMetrics : IRequestMetrics
{
    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "sagewright_request_duration_seconds",
        "AWS API requests handled, by service, operation and HTTP status.",
        new HistogramConfiguration
        {
            LabelNames = ["service", "operation", "status"],
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });

    public void Observe(string service, string operation, int statusCode, TimeSpan elapsed) =>
        Duration.WithLabels(service, operation, statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Observe(elapsed.TotalSeconds);
}
