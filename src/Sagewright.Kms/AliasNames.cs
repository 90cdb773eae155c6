using Sagewright.Core;

namespace Sagewright.Kms;

/// <summary>The rules for alias names a caller creates.</summary>
internal static class AliasNames
{
    public const string AwsManagedPrefix = "alias/aws/";

    public static AwsServiceException MissingPrefix(KmsErrors errors) => errors.Validation(
        "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");

    /// <summary>Throws unless <paramref name="name"/> is a name a customer may give an alias.</summary>
    public static void CheckCustomerAlias(string name, KmsErrors errors)
    {
        if (!name.StartsWith("alias/", StringComparison.Ordinal))
        {
            throw MissingPrefix(errors);
        }
        if (!KeyIdentifier.IsAliasName(name))
        {
            throw errors.Validation($"{name} contains invalid characters for an alias");
        }
        if (name.StartsWith(AwsManagedPrefix, StringComparison.Ordinal))
        {
            throw errors.InvalidAliasName($"Alias names that begin with {AwsManagedPrefix} are reserved for AWS managed keys.");
        }
    }
}
