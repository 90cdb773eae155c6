using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Pipeline;

/// <summary>What is known about one AWS request once it is authenticated.</summary>
public sealed class RequestContext
{
    public required string RequestId { get; init; }
    public required HttpContext Http { get; init; }
    public required ServiceModel Service { get; init; }
    public required OperationModel Operation { get; init; }
    public required string Region { get; init; }
    public required CallerIdentity Caller { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The caller's IP address as seen by the listener (aws:SourceIp).</summary>
    public required string SourceIp { get; init; }

    /// <summary>The id of the named listener the request came through (aws:SourceVpce), if any.</summary>
    public string? SourceVpce { get; init; }
    public bool SecureTransport { get; init; }

    /// <summary>The access key id the request was signed with.</summary>
    public required string AccessKeyId { get; init; }

    public string AccountId => Caller.AccountId;
    public CancellationToken Aborted => Http.RequestAborted;
}
