using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Policy;

namespace Sagewright.Iam;

/// <summary>Validation, size accounting and wire encoding of the policy documents IAM and STS store.</summary>
internal static class PolicyDocuments
{
    /// <summary>Sizes AWS enforces, counted without whitespace (IAM quotas).</summary>
    public const int UserInlineLimit = 2048;
    public const int RoleInlineLimit = 10240;
    public const int ManagedPolicyLimit = 6144;
    public const int TrustPolicyLimit = 2048;
    public const int SessionPolicyLimit = 2048;

    /// <summary>Parses with the policy engine's rules for the kind; its message becomes the MalformedPolicyDocument message.</summary>
    public static void Validate(string document, PolicyKind kind, Func<string, AwsServiceException> malformed)
    {
        try
        {
            PolicyDocument.Parse(document, kind);
        }
        catch (MalformedPolicyException e)
        {
            throw malformed(e.Message);
        }
    }

    /// <summary>The size IAM counts: characters other than whitespace.</summary>
    public static int Size(string document) => document.Count(c => !char.IsWhiteSpace(c));

    /// <summary>IAM returns stored documents URL-encoded (RFC 3986); botocore and the CLI decode them.</summary>
    public static string UrlEncoded(string document) => Uri.EscapeDataString(document);

    /// <summary>
    /// One session policy from several (AssumeRole's Policy plus the documents of its PolicyArns): AWS grants the
    /// union of the session policies, which is one document holding all their statements. Sids are dropped because
    /// two documents may use the same one.
    /// </summary>
    public static string MergeStatements(IReadOnlyList<string> documents)
    {
        if (documents.Count == 1)
        {
            return documents[0];
        }
        var statements = new JsonArray();
        foreach (var document in documents)
        {
            var statement = JsonNode.Parse(document)!["Statement"];
            IEnumerable<JsonNode?> items = statement is JsonArray array ? array : [statement];
            foreach (var item in items.OfType<JsonObject>())
            {
                var copy = item.DeepClone().AsObject();
                copy.Remove("Sid");
                statements.Add(copy);
            }
        }
        return new JsonObject { ["Version"] = PolicyDocument.CurrentVersion, ["Statement"] = statements }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
