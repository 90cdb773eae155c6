namespace Sagewright.Policy;

/// <summary>The request context with case-insensitive key lookup, plus the record of keys that were asked for but absent.</summary>
internal sealed class ConditionContext
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> values;
    private readonly List<string> missingKeys = [];
    private readonly HashSet<string> missingSeen = new(StringComparer.OrdinalIgnoreCase);

    public ConditionContext(IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        values = context is Dictionary<string, IReadOnlyList<string>> dictionary && dictionary.Comparer.Equals(StringComparer.OrdinalIgnoreCase)
            ? dictionary
            : CopyIgnoringCase(context);
    }

    public IReadOnlyList<string> MissingKeys => missingKeys;

    /// <summary>A key bound to zero values counts as absent.</summary>
    public bool TryGetValues(string key, out IReadOnlyList<string> found)
    {
        if (values.TryGetValue(key, out var list) && list.Count > 0)
        {
            found = list;
            return true;
        }

        found = [];
        return false;
    }

    public bool Contains(string key) => TryGetValues(key, out _);

    public void RecordMissing(string key)
    {
        if (missingSeen.Add(key))
        {
            missingKeys.Add(key);
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> CopyIgnoringCase(IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        var copy = new Dictionary<string, IReadOnlyList<string>>(context.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, list) in context)
        {
            // Keys differing only in case: merge, so neither spelling hides the other's values.
            copy[key] = copy.TryGetValue(key, out var existing) ? [.. existing, .. list] : list;
        }

        return copy;
    }
}
