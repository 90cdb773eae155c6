using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Policy;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Kms;

/// <summary>The key policies KMS writes itself, and the checks on the ones callers give it.</summary>
internal static class KeyPolicies
{
    /// <summary>AWS's limit on a key policy's size.</summary>
    public const int MaxBytes = 32768;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>CreateKey's policy when none is given: the account (root) may do everything, which lets IAM policies grant use.</summary>
    public static string Default(string accountId) => new JsonObject
    {
        ["Version"] = PolicyDocument.CurrentVersion,
        ["Id"] = "key-default-1",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Sid"] = "Enable IAM User Permissions",
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{accountId}:root" },
            ["Action"] = "kms:*",
            ["Resource"] = "*",
        }),
    }.ToJsonString(Indented);

    /// <summary>
    /// The policy of an AWS managed key (aws/s3...): everyone in the account may use the key through the service
    /// (the service checks its own permissions), and the account may read the key's metadata. Nobody may manage it.
    /// </summary>
    public static string AwsManaged(string accountId, string serviceName, string viaService) => new JsonObject
    {
        ["Version"] = PolicyDocument.CurrentVersion,
        ["Id"] = $"auto-{serviceName}-2",
        ["Statement"] = new JsonArray(
            new JsonObject
            {
                ["Sid"] = $"Allow access through {serviceName.ToUpperInvariant()} for all principals in the account that are authorized to use {serviceName.ToUpperInvariant()}",
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = "*" },
                ["Action"] = new JsonArray("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"),
                ["Resource"] = "*",
                ["Condition"] = new JsonObject
                {
                    ["StringEquals"] = new JsonObject { ["kms:CallerAccount"] = accountId, ["kms:ViaService"] = viaService },
                },
            },
            new JsonObject
            {
                ["Sid"] = "Allow direct access to key metadata to the account",
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{accountId}:root" },
                ["Action"] = new JsonArray("kms:Describe*", "kms:Get*", "kms:List*"),
                ["Resource"] = "*",
            }),
    }.ToJsonString(Indented);

    /// <summary>The key policy as the authorizer evaluates it: it must allow (naming the account delegates to IAM).</summary>
    public static ResourcePolicy For(KeyRecord key) => new(key.Policy, key.AccountId, ResourcePolicyMode.Required);

    /// <summary>The key's policy, or for a missing key of another account one that trusts nobody.</summary>
    public static ResourcePolicy For(KeyRecord? key, KeyIdentifier id) => key is null ? Nobody(id.AccountId) : For(key);

    /// <summary>A policy nobody satisfies, for a key the caller may not learn is missing (account 000000000000 cannot exist).</summary>
    private static ResourcePolicy Nobody(string ownerAccountId) => new(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}]}""",
        ownerAccountId, ResourcePolicyMode.Required);

    /// <summary>Throws MalformedPolicyDocumentException with the parser's reason (what is wrong, where).</summary>
    public static void Validate(string document, KmsErrors errors)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(document) > MaxBytes)
        {
            throw errors.MalformedPolicy($"The key policy is larger than {MaxBytes} bytes.");
        }
        try
        {
            PolicyDocument.Parse(document, PolicyKind.Resource);
        }
        catch (MalformedPolicyException e)
        {
            throw errors.MalformedPolicy(e.Message);
        }
    }

    public static AwsServiceException LockoutError(KmsErrors errors) =>
        errors.MalformedPolicy("The new key policy will not allow you to update the key policy in the future.");
}
