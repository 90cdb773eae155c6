namespace Sagewright.Protocol.Model;

public sealed class OperationModel
{
    public required ServiceModel Service { get; init; }
    public required string Name { get; init; }
    public required string HttpMethod { get; init; }

    /// <summary>URI template such as /endpoints/{EndpointName}/invocations or /{Bucket}/{Key+}?uploads.</summary>
    public required string RequestUri { get; init; }
    public int ResponseCode { get; init; } = 200;
    public Shape? Input { get; init; }
    public Shape? Output { get; init; }

    /// <summary>query protocol: the element that wraps the output (GetCallerIdentityResult).</summary>
    public string? ResultWrapper { get; init; }
    public IReadOnlyList<Shape> Errors { get; init; } = [];

    /// <summary>The model marks the operation deprecated (S3 GetBucketLifecycle): a newer one shares its URI and wins routing.</summary>
    public bool Deprecated { get; init; }

    public override string ToString() => $"{Service.Name}:{Name}";
}
