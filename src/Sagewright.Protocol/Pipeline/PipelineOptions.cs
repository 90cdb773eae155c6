namespace Sagewright.Protocol.Pipeline;

public sealed class PipelineOptions
{
    /// <summary>Largest body buffered for non-streaming operations (SageMaker invocations are at most 6 MB).</summary>
    public long MaxBufferedBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Named listeners: local port → network-origin id (aws:SourceVpce), e.g. 4567 → vpce-0a1b2c3d.</summary>
    public Dictionary<int, string> NamedListeners { get; set; } = [];

    /// <summary>
    /// Domains under which a Host header names an S3 bucket (virtual-hosted-style addressing): a request to
    /// "photos.s3.localhost:4566" is for bucket "photos". The longest matching suffix wins.
    /// </summary>
    public List<string> S3VirtualHostDomains { get; set; } = ["s3.localhost", "localhost"];

    /// <summary>Whether the server is behind TLS (aws:SecureTransport); Kestrel's own HTTPS is detected too.</summary>
    public bool AssumeSecureTransport { get; set; }
}

/// <summary>Receives one observation per AWS request (Prometheus metrics in the host).</summary>
public interface IRequestMetrics
{
    void Observe(string service, string operation, int statusCode, TimeSpan elapsed);
}
