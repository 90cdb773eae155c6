namespace Sagewright.SigV4;

/// <summary>
/// An authentication failure with the AWS error code, message and HTTP status the service would answer.
/// Protocol error writers turn it into the wire format of the service.
/// </summary>
public sealed class SigV4Exception(string code, string message, int statusCode = 403) : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    /// <summary>For SignatureDoesNotMatch: the canonical request the server computed (S3 returns it as &lt;CanonicalRequest&gt;).</summary>
    public string? CanonicalRequest { get; init; }

    /// <summary>For SignatureDoesNotMatch: the string to sign the server computed (S3 returns it as &lt;StringToSign&gt;).</summary>
    public string? StringToSign { get; init; }

    /// <summary>For SignatureDoesNotMatch: the signature the client sent (S3 returns it as &lt;SignatureProvided&gt;).</summary>
    public string? SignatureProvided { get; init; }

    /// <summary>The access key id of the request, when it was parsed (S3 returns it as &lt;AWSAccessKeyId&gt;).</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>
    /// The error for a request that carries no SigV4 authentication at all (<see cref="SigV4Parser.Parse(SigV4Request, bool)"/> returned null)
    /// on an operation that requires it.
    /// </summary>
    public static SigV4Exception MissingAuthentication(bool s3Errors) => s3Errors
        ? new("AccessDenied", "Access Denied")
        : new("MissingAuthenticationToken", "Missing Authentication Token");
}
