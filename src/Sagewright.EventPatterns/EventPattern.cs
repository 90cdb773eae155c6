using System.Text.Json;

namespace Sagewright.EventPatterns;

/// <summary>
/// A compiled EventBridge event pattern (the event-ruler grammar). Immutable and safe to share across threads.
/// Where AWS is silent we chose: exact numbers compare as doubles (5 matches 5.0); anything-but with a string operator
/// matches non-string values; no wildcard complexity limit yet.
/// </summary>
public sealed class EventPattern
{
    /// <summary>The PutRule limit on EventPattern; the API layer should answer a longer one with ValidationException.</summary>
    public const int MaxLength = 4096;

    private readonly ObjectCondition _root;

    private EventPattern(ObjectCondition root) => _root = root;

    /// <exception cref="InvalidEventPatternException">The pattern is not one EventBridge accepts.</exception>
    public static EventPattern Parse(string json)
    {
        if (json.Length > MaxLength)
        {
            throw PatternErrors.Invalid($"Event pattern must be at most {MaxLength} characters");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw PatternErrors.Invalid(ex.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw PatternErrors.Invalid(PatternErrors.NotAnObject);
            }
            return new EventPattern(PatternCompiler.CompileObject(document.RootElement));
        }
    }

    /// <exception cref="JsonException">The event is not JSON.</exception>
    public bool Matches(string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return Matches(document.RootElement);
    }

    public bool Matches(JsonElement @event) => _root.Matches(@event);
}
