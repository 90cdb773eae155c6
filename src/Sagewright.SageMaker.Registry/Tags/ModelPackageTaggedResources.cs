using Sagewright.Data;

namespace Sagewright.SageMaker.Registry.Tags;

/// <summary>The registry's taggable resources: model package groups and (versioned or unversioned) model packages.</summary>
internal sealed class ModelPackageTaggedResources(RegistryErrors errors) : ISageMakerTaggedResources
{
    public bool Owns(string resourceType) => resourceType is "model-package-group" or "model-package";

    public async Task<string?> FindAsync(DbSession db, SageMakerResourceArn arn)
    {
        var text = $"arn:aws:sagemaker:{arn.Region}:{arn.AccountId}:{arn.ResourceType}/{arn.Path}";
        if (arn.ResourceType == "model-package-group")
        {
            return arn.Path.Contains('/') ? null : (await RegistryStore.FindGroupAsync(db, new GroupId(arn.AccountId, arn.Region, arn.Path)))?.Arn;
        }
        return (await RegistryStore.FindPackageAsync(db, PackageId.Parse(text, arn.AccountId, arn.Region, errors)))?.Arn;
    }
}
