using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sagewright.S3;

/// <summary>A bucket policy may only name its own bucket and the objects in it (S3: "Policy has invalid resource").</summary>
internal static class BucketPolicyResources
{
    public static void Validate(string policy, string bucket)
    {
        var arn = BucketNames.BucketArn(bucket);
        var statements = JsonNode.Parse(policy)?["Statement"] switch
        {
            JsonArray list => list.OfType<JsonObject>().ToArray(),
            JsonObject single => [single],
            _ => [],
        };
        foreach (var statement in statements)
        {
            foreach (var element in new[] { "Resource", "NotResource" })
            {
                foreach (var resource in Strings(statement[element]))
                {
                    if (resource != arn && !resource.StartsWith(arn + "/", StringComparison.Ordinal))
                    {
                        throw S3Errors.MalformedPolicy($"Policy has invalid resource: {resource} is not {arn} or an object in it.");
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray list => list.Where(n => n?.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
