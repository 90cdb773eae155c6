namespace Sagewright.SageMaker.Registry.Tags;

/// <summary>
/// AWS's tag rules beyond the model's own constraints (key 1–128, value 0–256 characters of the allowed set, at most 50
/// per request, which the input validator enforces): keys unique in a request, the "aws:" prefix reserved, at most
/// 50 tags on a resource. AWS publishes no SageMaker wording for these; ours is stable.
/// </summary>
internal static class SageMakerTagRules
{
    public const int MaxTagsPerResource = 50;

    public static void Check(IReadOnlyList<SageMakerTag> added, IReadOnlyList<SageMakerTag> existing, RegistryErrors errors)
    {
        if (added.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw errors.Validation($"Duplicate tag key: {duplicate.Key}. Tag keys must be unique.");
        }
        if (added.FirstOrDefault(t => IsReserved(t.Key)) is { } reserved)
        {
            throw errors.Validation($"Tag key {reserved.Key} is invalid: keys that begin with aws: are reserved for AWS use.");
        }
        if (existing.Select(t => t.Key).Union(added.Select(t => t.Key), StringComparer.Ordinal).Count() > MaxTagsPerResource)
        {
            throw errors.Validation($"A resource can have at most {MaxTagsPerResource} tags.");
        }
    }

    public static void CheckRemovable(IReadOnlyList<string> keys, RegistryErrors errors)
    {
        if (keys.FirstOrDefault(IsReserved) is { } reserved)
        {
            throw errors.Validation($"Tag key {reserved} is invalid: keys that begin with aws: are reserved for AWS use.");
        }
    }

    private static bool IsReserved(string key) => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);
}
