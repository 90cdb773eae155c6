using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.SageMaker.Registry;

/// <summary>
/// The registry's errors with SageMaker's wording (where AWS publishes none, the wording is ours and stays stable).
/// A missing resource is a ValidationException, as SageMaker answers, not ResourceNotFound.
/// </summary>
internal sealed class RegistryErrors(ServiceCatalog catalog)
{
    private readonly ServiceModel _sageMaker = catalog["sagemaker"];

    private AwsServiceException Create(string code, string message) => _sageMaker.Error(code, message);

    public string ValidationCode => _sageMaker.ValidationErrorCode;

    public AwsServiceException Validation(string message) => AwsServiceException.Validation(message, _sageMaker.ValidationErrorCode);

    public AwsServiceException GroupExists(string groupArn) => Validation($"Model Package Group already exists: {groupArn}");
    public AwsServiceException GroupNotFound(string groupArn) => Validation($"ModelPackageGroup {groupArn} does not exist.");
    public AwsServiceException PackageExists(string packageArn) => Validation($"Model Package already exists: {packageArn}");
    public AwsServiceException PackageNotFound(string packageArn) => Validation($"ModelPackage {packageArn} does not exist.");
    public AwsServiceException NameAndGroupGiven() =>
        Validation("Both ModelPackageName and ModelPackageGroupName are provided in the input. Cannot determine which one to use.");
    public AwsServiceException MissingArn() => Validation("Missing ARN.");
    public AwsServiceException InvalidArn(string text) => Validation($"Invalid ARN: {text}");
    public AwsServiceException InvalidNextToken() => Validation("Invalid pagination token.");

    /// <summary>AWS publishes no wording for this one.</summary>
    public AwsServiceException GroupNotEmpty(string groupArn) =>
        Create("ConflictException", $"ModelPackageGroup {groupArn} contains model packages; delete them before deleting the group.");

    /// <summary>A part of an operation not built yet answers as the pipeline answers an operation not built yet.</summary>
    public static AwsServiceException NotImplemented(string what) =>
        new("NotImplemented", $"Sagewright does not implement sagemaker:{what} yet.", 501, senderFault: false);

    public AwsServiceException TaggedResourceNotFound(string arn) => Validation($"Resource {arn} does not exist.");

    public AwsServiceException NoPolicy(string groupArn) => Validation($"Cannot find resource policy for ModelPackageGroup {groupArn}.");
}
