using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// Writes a value in JSON-protocol form as the wire JSON of a shape: only members the shape declares (so a
/// handler cannot leak fields), members bound to HTTP locations skipped, timestamps as epoch seconds unless
/// the model says otherwise.
/// </summary>
public static class JsonShapeWriter
{
    public static void WriteStructure(Utf8JsonWriter writer, Shape shape, JsonObject? value)
    {
        writer.WriteStartObject();
        if (value is not null)
        {
            foreach (var member in shape.Members)
            {
                if (member.Location is not null || !value.TryGetPropertyValue(member.Name, out var memberValue) || memberValue is null)
                {
                    continue;
                }
                writer.WritePropertyName(member.WireName);
                WriteValue(writer, member.Shape, memberValue, member.TimestampFormat);
            }
        }
        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, Shape shape, JsonNode value, string? timestampFormat = null)
    {
        if (shape.Document)
        {
            value.WriteTo(writer);
            return;
        }
        switch (shape.Type)
        {
            case ShapeType.Structure:
                WriteStructure(writer, shape, value as JsonObject);
                break;
            case ShapeType.List:
                writer.WriteStartArray();
                foreach (var item in value.AsArray())
                {
                    if (item is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteValue(writer, shape.ListMember!.Shape, item, shape.ListMember.TimestampFormat);
                    }
                }
                writer.WriteEndArray();
                break;
            case ShapeType.Map:
                writer.WriteStartObject();
                foreach (var (key, item) in value.AsObject())
                {
                    writer.WritePropertyName(key);
                    if (item is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteValue(writer, shape.MapValue!.Shape, item, shape.MapValue.TimestampFormat);
                    }
                }
                writer.WriteEndObject();
                break;
            case ShapeType.Timestamp:
                var instant = NodeValues.ToTimestamp(value);
                var format = timestampFormat ?? shape.TimestampFormat ?? TimestampFormats.UnixTimestamp;
                if (format == TimestampFormats.UnixTimestamp)
                {
                    writer.WriteNumberValue(instant.ToUnixTimeMilliseconds() / 1000.0);
                }
                else
                {
                    writer.WriteStringValue(TimestampFormats.Format(instant, format));
                }
                break;
            case ShapeType.Boolean:
                writer.WriteBooleanValue(NodeValues.ToBoolean(value));
                break;
            case ShapeType.Integer or ShapeType.Long or ShapeType.Byte or ShapeType.Short or ShapeType.BigInteger:
                writer.WriteNumberValue(NodeValues.ToInt64(value));
                break;
            case ShapeType.Float or ShapeType.Double or ShapeType.BigDecimal:
                writer.WriteNumberValue(NodeValues.ToDouble(value));
                break;
            default:
                writer.WriteStringValue(NodeValues.ToText(value));
                break;
        }
    }
}

/// <summary>Conversions of JSON-protocol-form values that tolerate the equivalent representations handlers produce.</summary>
public static class NodeValues
{
    public static DateTimeOffset ToTimestamp(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(ToDouble(value) * 1000)),
        _ when value is JsonValue v && v.TryGetValue<DateTimeOffset>(out var dto) => dto,
        _ when value is JsonValue v && v.TryGetValue<DateTime>(out var dt) => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        _ => TimestampFormats.Parse(value.GetValue<string>(), "timestamp"),
    };

    public static bool ToBoolean(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => bool.Parse(value.GetValue<string>()),
    };

    // Via the JSON text: JsonValue created from an int will not GetValue<long>(), parsed ones will.
    public static long ToInt64(JsonNode value) => value.GetValueKind() == JsonValueKind.String
        ? long.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture)
        : decimal.ToInt64(decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));

    public static double ToDouble(JsonNode value) => double.Parse(
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(),
        NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Text of a scalar for XML, headers and query strings.</summary>
    public static string ToText(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String when value is JsonValue v && v.TryGetValue<DateTimeOffset>(out var dto) => TimestampFormats.Format(dto, TimestampFormats.Iso8601),
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.ToJsonString(),
        _ => value.ToJsonString(),
    };
}
