using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Events;

/// <summary>
/// What a target receives: the matched event, or the target's Input (constant JSON), InputPath (part of the event)
/// or InputTransformer (a template whose &lt;var&gt; placeholders are filled from InputPathsMap and the predefined
/// aws.events.* variables). Quoting follows AWS: inside a JSON string a placeholder is replaced by its text (escaped);
/// elsewhere in a JSON template by its JSON value (strings quoted); a template that is not JSON-shaped
/// (<c>instance &lt;id&gt; is …</c>) is plain text. A variable with nothing at its path is <c>null</c> in JSON value
/// position and empty text elsewhere.
/// </summary>
internal static class TargetInput
{
    public const string RuleArn = "aws.events.rule-arn";
    public const string RuleName = "aws.events.rule-name";
    public const string IngestionTime = "aws.events.event.ingestion-time";
    public const string Event = "aws.events.event";
    public const string EventJson = "aws.events.event.json";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Payload(JsonObject target, JsonObject @event, string ruleArn, string ruleName, DateTimeOffset ingestedAt)
    {
        if (target.Optional("Input") is { } input)
        {
            return input;
        }
        if (target.Optional("InputPath") is { } path)
        {
            return EventJsonPath.Select(@event, path)?.ToJsonString(Relaxed) ?? "null";
        }
        if (target["InputTransformer"] is JsonObject transformer)
        {
            return Render(transformer.Required("InputTemplate"), Variables(transformer, @event, ruleArn, ruleName, ingestedAt));
        }
        return @event.ToJsonString(Relaxed);
    }

    public static Dictionary<string, JsonNode?> Variables(JsonObject transformer, JsonObject @event, string ruleArn, string ruleName, DateTimeOffset ingestedAt)
    {
        var withoutDetail = (JsonObject)@event.DeepClone();
        withoutDetail.Remove("detail");
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            [RuleArn] = ruleArn,
            [RuleName] = ruleName,
            [IngestionTime] = EventEnvelope.FormatTime(ingestedAt),
            [Event] = withoutDetail,
            [EventJson] = @event.DeepClone(),
        };
        if (transformer["InputPathsMap"] is JsonObject map)
        {
            foreach (var (name, path) in map)
            {
                values[name] = path is null ? null : EventJsonPath.Select(@event, path.GetValue<string>())?.DeepClone();
            }
        }
        return values;
    }

    public static string Render(string template, IReadOnlyDictionary<string, JsonNode?> values)
    {
        var trimmed = template.TrimStart();
        var json = trimmed.StartsWith('{') || trimmed.StartsWith('[') || trimmed.StartsWith('"');
        var output = new StringBuilder(template.Length * 2);
        var inString = false;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (json && inString && c == '\\' && i + 1 < template.Length)
            {
                output.Append(c).Append(template[++i]);
                continue;
            }
            if (json && c == '"')
            {
                inString = !inString;
                output.Append(c);
                continue;
            }
            if (c == '<' && template.IndexOf('>', i + 1) is var end and > 0 && values.TryGetValue(template[(i + 1)..end], out var value))
            {
                output.Append(!json ? Text(value) : inString ? Escaped(Text(value)) : value?.ToJsonString(Relaxed) ?? "null");
                i = end;
                continue;
            }
            output.Append(c);
        }
        return output.ToString();
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(Relaxed),
    };

    private static string Escaped(string text)
    {
        var quoted = JsonSerializer.Serialize(text, Relaxed);
        return quoted[1..^1];
    }
}
