namespace Sagewright.Core;

/// <summary>
/// An error that is part of the AWS API contract. The protocol layer turns it into the wire shape
/// of the service's protocol (JSON __type, XML Error/Code, query ErrorResponse).
/// </summary>
public class AwsServiceException(string code, string message, int statusCode = 400, bool senderFault = true)
    : Exception(message)
{
    public string Code { get; } = code;
    public int StatusCode { get; } = statusCode;
    public bool SenderFault { get; } = senderFault;

    /// <summary>Extra fields some protocols carry (S3's Resource, BucketName; InvokeEndpoint's OriginalStatusCode).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra response headers (S3 x-amz-* on errors, Retry-After).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static AwsServiceException AccessDenied(string message) => new("AccessDenied", message, 403);

    public static AwsServiceException Validation(string message, string code = "ValidationException") =>
        new(code, message, 400);
}
