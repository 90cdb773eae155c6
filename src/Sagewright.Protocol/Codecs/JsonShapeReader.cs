using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// Reads wire JSON into the JSON-protocol form of a shape: wire names mapped to member names, timestamps to
/// <see cref="DateTimeOffset"/>, unknown members dropped, type mismatches rejected as SerializationException.
/// </summary>
public static class JsonShapeReader
{
    public static JsonObject ReadBody(ReadOnlySpan<byte> body, Shape shape)
    {
        if (body.IsEmpty)
        {
            return [];
        }
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ProtocolErrors.Serialization($"The request body is not valid JSON: {e.Message}");
        }
        if (parsed is not JsonObject obj)
        {
            throw ProtocolErrors.Serialization("The request body must be a JSON object.");
        }
        return ReadStructure(obj, shape, shape.Name);
    }

    public static JsonObject ReadStructure(JsonObject wire, Shape shape, string path)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            if (member.Location is not null || !wire.TryGetPropertyValue(member.WireName, out var value))
            {
                continue;
            }
            if (value is null)
            {
                continue;
            }
            result[member.Name] = ReadValue(value, member.Shape, $"{path}.{member.Name}");
        }
        return result;
    }

    public static JsonNode ReadValue(JsonNode value, Shape shape, string path)
    {
        if (shape.Document)
        {
            return value.DeepClone();
        }
        var kind = value.GetValueKind();
        switch (shape.Type)
        {
            case ShapeType.Structure:
                return ReadStructure(Expect<JsonObject>(value, "a structure", path), shape, path);
            case ShapeType.List:
                var list = new JsonArray();
                foreach (var item in Expect<JsonArray>(value, "a list", path))
                {
                    list.Add(item is null ? null : ReadValue(item, shape.ListMember!.Shape, path + ".member"));
                }
                return list;
            case ShapeType.Map:
                var map = new JsonObject();
                foreach (var (key, item) in Expect<JsonObject>(value, "a map", path))
                {
                    map[key] = item is null ? null : ReadValue(item, shape.MapValue!.Shape, $"{path}.{key}");
                }
                return map;
            case ShapeType.Timestamp when kind is JsonValueKind.Number or JsonValueKind.String:
                return JsonValue.Create(NodeValues.ToTimestamp(value));
            case ShapeType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
            case ShapeType.Integer or ShapeType.Long or ShapeType.Float or ShapeType.Double or ShapeType.Byte
                or ShapeType.Short or ShapeType.BigInteger or ShapeType.BigDecimal when kind == JsonValueKind.Number:
            case ShapeType.String or ShapeType.Blob when kind == JsonValueKind.String:
                return value.DeepClone();
            default:
                throw ProtocolErrors.Serialization($"Unexpected {Describe(kind)} at {path}: expected {shape.Type.ToString().ToLowerInvariant()}.");
        }
    }

    private static T Expect<T>(JsonNode value, string what, string path) where T : JsonNode =>
        value as T ?? throw ProtocolErrors.Serialization($"Unexpected {Describe(value.GetValueKind())} at {path}: expected {what}.");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "value",
    };
}
