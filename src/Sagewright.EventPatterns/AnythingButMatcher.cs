using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>Matches a present value that none of the excluded alternatives match (a missing field never matches).</summary>
internal sealed class AnythingButMatcher(IReadOnlyList<IValueMatcher> excluded) : IValueMatcher
{
    public bool Matches(JsonElement scalar) => !excluded.Any(m => m.Matches(scalar));
}
