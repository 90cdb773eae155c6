using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.SageMaker.Registry.Tags;

namespace Sagewright.SageMaker.Registry;

/// <summary>
/// Registers the model registry's operations with their authorization. Operations on a group, or on a versioned
/// package, are authorized against the group's resource policy too, so another account may use a hub group's
/// packages when both that policy and its own identity policy allow (the hub-and-spoke registry). A versioned
/// package is created and listed on its group's ARN (the package ARN does not exist yet, and a listing has none).
/// </summary>
internal sealed class RegistryModule(IDatabase database, RegistryErrors errors, TimeProvider time, RegistryEvents events, Authorizer authorizer)
    : IAwsServiceModule
{
    private readonly RegistryHandlers _handlers = new(database, errors, time, events, authorizer);

    public void Register(OperationRegistry r)
    {
        SageMaker(r, "CreateModelPackageGroup", _handlers.CreateModelPackageGroup, GroupAccess().WithContext(SageMakerTagsModule.RequestTagKeys));
        OnGroup(r, "DescribeModelPackageGroup", _handlers.DescribeModelPackageGroup);
        OnGroup(r, "DeleteModelPackageGroup", _handlers.DeleteModelPackageGroup);
        SageMaker(r, "ListModelPackageGroups", _handlers.ListModelPackageGroups, Access.To(_ => "*"));

        OnGroup(r, "PutModelPackageGroupPolicy", _handlers.PutModelPackageGroupPolicy);
        OnGroup(r, "GetModelPackageGroupPolicy", _handlers.GetModelPackageGroupPolicy);
        OnGroup(r, "DeleteModelPackageGroupPolicy", _handlers.DeleteModelPackageGroupPolicy);

        SageMaker(r, "CreateModelPackage", _handlers.CreateModelPackage, Access
            .To(CreateModelPackageTarget)
            .WithResourcePolicy(GroupPolicyAsync)
            .WithContext(SageMakerTagsModule.RequestTagKeys));
        SageMaker(r, "ListModelPackages", _handlers.ListModelPackages, Access
            .To(call => call.Input.Optional("ModelPackageGroupName") is { } group
                ? GroupId.Parse(group, call.AccountId, call.Region, errors).Arn
                : "*")
            .WithResourcePolicy(GroupPolicyAsync));
        OnPackage(r, "DescribeModelPackage", _handlers.DescribeModelPackage, "ModelPackageName");
        OnPackage(r, "UpdateModelPackage", _handlers.UpdateModelPackage, "ModelPackageArn");
        OnPackage(r, "DeleteModelPackage", _handlers.DeleteModelPackage, "ModelPackageName");
        SageMaker(r, "BatchDescribeModelPackage", _handlers.BatchDescribeModelPackage,
            Access.AnyAuthenticatedCaller("each package is authorized on its own ARN by the handler; denials go to the error map"));
    }

    /// <summary>A versioned package is created in its group; an unversioned one is named. Exactly one must be given.</summary>
    private string CreateModelPackageTarget(OperationCall call) =>
        (call.Input.Optional("ModelPackageName"), call.Input.Optional("ModelPackageGroupName")) switch
        {
            ({ }, { }) => throw errors.NameAndGroupGiven(),
            (null, { } group) => GroupId.Parse(group, call.AccountId, call.Region, errors).Arn,
            ({ } name, null) => PackageId.Parse(name, call.AccountId, call.Region, errors).Arn,
            _ => throw errors.MissingArn(),
        };

    private static void SageMaker(OperationRegistry r, string operation, OperationHandler handler, Access access) =>
        r.Add("sagemaker", operation, handler, access);

    private void OnGroup(OperationRegistry r, string operation, OperationHandler handler) => SageMaker(r, operation, handler, GroupAccess());

    private Access GroupAccess() => Access
        .To(call => GroupId.Parse(call.Input.Required("ModelPackageGroupName"), call.AccountId, call.Region, errors).Arn)
        .WithResourcePolicy(GroupPolicyAsync);

    private void OnPackage(OperationRegistry r, string operation, OperationHandler handler, string member) =>
        SageMaker(r, operation, handler, Access
            .To(call => PackageId.Parse(call.Input.Required(member), call.AccountId, call.Region, errors).Arn)
            .WithResourcePolicy(GroupPolicyAsync));

    /// <summary>
    /// The policy of the group a resource ARN names (a group, or a versioned package's group), with the group's
    /// account as owner; a missing group or an unversioned package has none, so only its own account's identity
    /// policies can allow.
    /// </summary>
    private async ValueTask<ResourcePolicy?> GroupPolicyAsync(OperationCall call, string resource, CancellationToken cancellationToken)
    {
        if (resource == "*")
        {
            return null;
        }
        var (account, region, path) = ArnParts.Split(resource, errors);
        var groupName = path.Split('/') switch
        {
            ["model-package-group", var name] => name,
            ["model-package", var name, _] => name,
            _ => null,
        };
        if (groupName is null)
        {
            return new ResourcePolicy(null, account);
        }
        var group = await database.ReadAsync(db => RegistryStore.FindGroupAsync(db, new GroupId(account, region, groupName)), cancellationToken);
        return new ResourcePolicy(group?.Policy, account);
    }
}
