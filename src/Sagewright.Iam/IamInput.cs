using System.Text.Json.Nodes;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

public sealed record IamTag(string Key, string Value);

/// <summary>IAM-specific input readers (tags, string lists); the common ones are Protocol's InputMembers.</summary>
internal static class IamInput
{
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
