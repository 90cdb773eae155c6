using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sagewright.Events.Targets.ApiDestinations;

/// <summary>
/// The JSON paths EventBridge accepts in a target's HttpParameters values (<c>$.detail.ModelPackageArn</c>,
/// <c>$.resources[0]</c>): dotted members and array indexes into the event. Anything not starting with <c>$.</c>
/// is a static value.
/// </summary>
internal static class EventJsonPath
{
    public static bool IsPath(string value) => value.StartsWith("$.", StringComparison.Ordinal) || value == "$";

    /// <summary>A static value as it is; a path's string as the string, other JSON as its text, nothing as "".</summary>
    public static string Resolve(string value, JsonObject @event)
    {
        if (!IsPath(value))
        {
            return value;
        }
        return Find(@event, value) switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            var node => node.ToJsonString(),
        };
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var step in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = step.IndexOf('[');
            node = (node as JsonObject)?[bracket < 0 ? step : step[..bracket]];
            while (bracket >= 0 && node is not null)
            {
                var close = step.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(step.AsSpan(bracket + 1, close - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }
                node = node is JsonArray array && index < array.Count ? array[index] : null;
                bracket = step.IndexOf('[', close);
            }
        }
        return node;
    }
}
