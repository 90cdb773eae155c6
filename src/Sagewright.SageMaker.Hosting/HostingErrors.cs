using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.SageMaker.Hosting;

/// <summary>
/// Hosting's errors in SageMaker's wording. A missing or duplicate resource is a ValidationException naming the
/// resource's ARN, as SageMaker answers. Where AWS publishes no wording (container and hostname rules), the wording is
/// ours and stays stable.
/// </summary>
internal sealed class HostingErrors(ServiceCatalog catalog)
{
    private readonly ServiceModel _sageMaker = catalog["sagemaker"];

    public AwsServiceException Validation(string message) => AwsServiceException.Validation(message, _sageMaker.ValidationErrorCode);

    public AwsServiceException ModelExists(string arn) => Validation($"Cannot create already existing model \"{arn}\".");
    public AwsServiceException ModelNotFound(string arn) => Validation($"Could not find model \"{arn}\".");
    public AwsServiceException EndpointConfigExists(string arn) => Validation($"Cannot create already existing endpoint configuration \"{arn}\".");
    public AwsServiceException EndpointConfigNotFound(string arn) => Validation($"Could not find endpoint configuration \"{arn}\".");
    public AwsServiceException InvalidNextToken() => Validation("Invalid pagination token.");

    /// <summary>A member the botocore model marks optional but SageMaker requires here, worded as the model validator words it.</summary>
    public AwsServiceException MemberMissing(string path) =>
        Validation($"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null");

    /// <summary>A part of an operation not built yet answers as the pipeline answers an operation not built yet.</summary>
    public static AwsServiceException NotImplemented(string what) =>
        new("NotImplemented", $"Sagewright does not implement {what} yet.", 501, senderFault: false);
}
