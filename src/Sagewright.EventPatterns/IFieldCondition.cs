using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>What a pattern says about one field; <c>null</c> means the event has no such field.</summary>
internal interface IFieldCondition
{
    bool Matches(JsonElement? value);
}
