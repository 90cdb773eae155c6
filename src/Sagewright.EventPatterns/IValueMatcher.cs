using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>One alternative of a pattern leaf, tested against one scalar value of the event.</summary>
internal interface IValueMatcher
{
    bool Matches(JsonElement scalar);
}
