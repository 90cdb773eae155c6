using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.Iam;

/// <summary>
/// Service errors whose code, HTTP status and fault come from the service model's error shapes, so only the
/// message is written here.
/// </summary>
internal abstract class ModelErrors(ServiceModel service)
{
    protected AwsServiceException Create(string code, string message)
    {
        var shape = service.FindError(code)
            ?? throw new InvalidOperationException($"The {service.Name} model declares no error {code}.");
        return new AwsServiceException(shape.ErrorCode ?? shape.Name, message, shape.ErrorStatusCode ?? 400, shape.ErrorSenderFault);
    }

    public AwsServiceException Validation(string message) => AwsServiceException.Validation(message, service.ValidationErrorCode);
}

/// <summary>IAM's errors, with AWS's wording.</summary>
internal sealed class IamErrors(ServiceCatalog catalog) : ModelErrors(catalog["iam"])
{
    public AwsServiceException NoSuchEntity(string message) => Create("NoSuchEntity", message);
    public AwsServiceException EntityAlreadyExists(string message) => Create("EntityAlreadyExists", message);
    public AwsServiceException MalformedPolicyDocument(string message) => Create("MalformedPolicyDocument", message);
    public AwsServiceException DeleteConflict(string message) => Create("DeleteConflict", message);
    public AwsServiceException LimitExceeded(string message) => Create("LimitExceeded", message);
    public AwsServiceException InvalidInput(string message) => Create("InvalidInput", message);

    public AwsServiceException NoSuchUser(string name) => NoSuchEntity($"The user with name {name} cannot be found.");
    public AwsServiceException NoSuchRole(string name) => NoSuchEntity($"The role with name {name} cannot be found.");
    public AwsServiceException NoSuchPolicy(string arn) => NoSuchEntity($"Policy {arn} was not found.");
    public AwsServiceException NotAttachable(string arn) => NoSuchEntity($"Policy {arn} does not exist or is not attachable.");

    public AwsServiceException NoSuchInlinePolicy(string entityKind, string policyName) =>
        NoSuchEntity($"The {entityKind} policy with name {policyName} cannot be found.");

    public AwsServiceException NonUserCaller() => Validation("Must specify userName when calling with non-User credentials");
}

/// <summary>STS's errors, with AWS's wording.</summary>
internal sealed class StsErrors(ServiceCatalog catalog) : ModelErrors(catalog["sts"])
{
    public AwsServiceException MalformedPolicyDocument(string message) => Create("MalformedPolicyDocument", message);

    public AwsServiceException PackedPolicyTooLarge(int percent) =>
        Create("PackedPolicyTooLarge", $"Packed policy consumes {percent}% of allotted space, please use smaller policy.");
}
