using System.Text.Json.Nodes;
using Sagewright.Protocol.Codecs;

namespace Sagewright.Iam;

public sealed record IamTag(string Key, string Value);

/// <summary>Reads members of an operation's input (already checked against the model's constraints).</summary>
internal static class IamInput
{
    public static string Required(this JsonObject input, string member) =>
        input.Optional(member) ?? throw new InvalidOperationException($"{member} is required by the model but missing.");

    public static string? Optional(this JsonObject input, string member) =>
        input[member] is { } node ? NodeValues.ToText(node) : null;

    public static long? OptionalInt64(this JsonObject input, string member) =>
        input[member] is { } node ? NodeValues.ToInt64(node) : null;

    public static bool? OptionalBoolean(this JsonObject input, string member) =>
        input[member] is { } node ? NodeValues.ToBoolean(node) : null;

    public static IReadOnlyList<string> StringList(this JsonObject input, string member) =>
        input[member] is JsonArray list ? list.Where(n => n is not null).Select(n => NodeValues.ToText(n!)).ToArray() : [];

    public static IReadOnlyList<IamTag> Tags(this JsonObject input, string member = "Tags") =>
        input[member] is JsonArray list
            ? list.OfType<JsonObject>().Select(t => new IamTag(t.Required("Key"), t.Optional("Value") ?? "")).ToArray()
            : [];

    public static JsonArray ToJson(this IEnumerable<IamTag> tags) =>
        new(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());

    public static JsonArray ToJsonArray(this IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
