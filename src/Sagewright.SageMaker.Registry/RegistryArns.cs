namespace Sagewright.SageMaker.Registry;

/// <summary>SageMaker ARNs carry the resource name lower-cased (MyGroup → model-package-group/mygroup).</summary>
internal static class RegistryArns
{
    public static string Group(string accountId, string region, string groupName) =>
        $"arn:aws:sagemaker:{region}:{accountId}:model-package-group/{groupName.ToLowerInvariant()}";

    public static string VersionedPackage(string accountId, string region, string groupName, long version) =>
        $"arn:aws:sagemaker:{region}:{accountId}:model-package/{groupName.ToLowerInvariant()}/{version}";

    public static string UnversionedPackage(string accountId, string region, string packageName) =>
        $"arn:aws:sagemaker:{region}:{accountId}:model-package/{packageName.ToLowerInvariant()}";
}

/// <summary>
/// A group named by name or ARN (another account's group only by ARN). <see cref="Key"/> is the lower-cased name,
/// the group's identity: names differing only in case would share one ARN.
/// </summary>
internal sealed record GroupId(string AccountId, string Region, string Name)
{
    public string Key => Name.ToLowerInvariant();
    public string Arn => RegistryArns.Group(AccountId, Region, Name);

    public static GroupId Parse(string text, string callerAccount, string callerRegion, RegistryErrors errors)
    {
        if (!text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return new GroupId(callerAccount, callerRegion, text);
        }
        var (account, region, resource) = ArnParts.Split(text, errors);
        const string prefix = "model-package-group/";
        return resource.StartsWith(prefix, StringComparison.Ordinal) && resource.Length > prefix.Length && !resource[prefix.Length..].Contains('/')
            ? new GroupId(account, region, resource[prefix.Length..])
            : throw errors.InvalidArn(text);
    }
}

/// <summary>A model package named by ARN or name: "group/N" (versioned) or "name" (unversioned).</summary>
internal sealed record PackageId(string AccountId, string Region, string Name, long? Version)
{
    /// <summary>Unique per account and region: "group/N" for a versioned package, the name for an unversioned one.</summary>
    public string Key => Version is { } v ? $"{Name.ToLowerInvariant()}/{v}" : Name.ToLowerInvariant();

    public string Arn => Version is { } v
        ? RegistryArns.VersionedPackage(AccountId, Region, Name, v)
        : RegistryArns.UnversionedPackage(AccountId, Region, Name);

    public static PackageId Parse(string text, string callerAccount, string callerRegion, RegistryErrors errors)
    {
        var (account, region, path) = (callerAccount, callerRegion, text);
        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            (account, region, var resource) = ArnParts.Split(text, errors);
            const string prefix = "model-package/";
            path = resource.StartsWith(prefix, StringComparison.Ordinal) ? resource[prefix.Length..] : throw errors.InvalidArn(text);
        }
        var parts = path.Split('/');
        return parts switch
        {
            [var name] when name.Length > 0 => new PackageId(account, region, name, null),
            [var group, var version] when group.Length > 0 && long.TryParse(version, out var n) && n > 0 => new PackageId(account, region, group, n),
            _ => throw errors.InvalidArn(text),
        };
    }
}

internal static class ArnParts
{
    /// <summary>arn:aws:sagemaker:REGION:ACCOUNT:RESOURCE → (account, region, resource).</summary>
    public static (string Account, string Region, string Resource) Split(string arn, RegistryErrors errors)
    {
        var parts = arn.Split(':', 6);
        return parts is ["arn", _, "sagemaker", { Length: > 0 } region, { Length: 12 } account, { Length: > 0 } resource]
            ? (account, region, resource)
            : throw errors.InvalidArn(arn);
    }
}
