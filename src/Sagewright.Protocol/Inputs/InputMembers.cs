using System.Text.Json.Nodes;
using Sagewright.Protocol.Codecs;

namespace Sagewright.Protocol.Inputs;

/// <summary>Reads members of an operation's input in JSON-protocol form (already checked against the model's constraints).</summary>
public static class InputMembers
{
    public static string Required(this JsonObject input, string member) =>
        input.Optional(member) ?? throw new InvalidOperationException($"{member} is required by the model but missing.");

    public static string? Optional(this JsonObject input, string member) =>
        input[member] is { } node ? NodeValues.ToText(node) : null;

    public static long? OptionalInt64(this JsonObject input, string member) =>
        input[member] is { } node ? NodeValues.ToInt64(node) : null;

    public static bool? OptionalBoolean(this JsonObject input, string member) =>
        input[member] is { } node ? NodeValues.ToBoolean(node) : null;

    public static DateTimeOffset? OptionalTimestamp(this JsonObject input, string member) =>
        input[member] is { } node ? NodeValues.ToTimestamp(node) : null;
}
