using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>exists:true: any leaf value at the path. exists:false is handled by the leaf, since it matches absence.</summary>
internal sealed class ExistsMatcher : IValueMatcher
{
    public static readonly ExistsMatcher Instance = new();

    public bool Matches(JsonElement scalar) => true;
}
