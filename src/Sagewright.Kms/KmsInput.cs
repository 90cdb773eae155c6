using System.Text.Json.Nodes;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Kms;

/// <summary>KMS-specific input readers; the common ones (Required, Optional) are Protocol's InputMembers.</summary>
internal static class KmsInput
{
    public static int? OptionalInt32(this JsonObject input, string member) =>
        input[member] is { } node ? (int)NodeValues.ToInt64(node) : null;

    public static bool Flag(this JsonObject input, string member) =>
        input[member] is { } node && NodeValues.ToBoolean(node);

    /// <summary>A blob member (base64 in JSON-protocol form); a text that is not base64 is a validation error.</summary>
    public static byte[]? OptionalBlob(this JsonObject input, string member, KmsErrors errors)
    {
        if (input.Optional(member) is not { } text)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw errors.Validation($"{member} is not valid base64.");
        }
    }

    public static byte[] RequiredBlob(this JsonObject input, string member, KmsErrors errors) =>
        input.OptionalBlob(member, errors) ?? throw errors.Validation($"{member} is required.");

    public static IReadOnlyDictionary<string, string> EncryptionContext(this JsonObject input, string member = "EncryptionContext") =>
        input[member] is JsonObject map
            ? map.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => NodeValues.ToText(e.Value!), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static IReadOnlyList<string> StringList(this JsonObject input, string member) =>
        input[member] is JsonArray list ? list.Where(n => n is not null).Select(n => NodeValues.ToText(n!)).ToArray() : [];

    public static IReadOnlyList<KmsTag> Tags(this JsonObject input) =>
        input["Tags"] is JsonArray list
            ? list.OfType<JsonObject>().Select(t => new KmsTag(t.Required("TagKey"), t.Optional("TagValue") ?? "")).ToArray()
            : [];
}
