using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// The HTTP bindings rest-json and rest-xml share: input members bound by <c>location</c> to URI labels,
/// query parameters and headers, and output members bound to headers and the status code, converted to and
/// from the tree types of JSON-protocol form.
/// </summary>
public static class RestBindings
{
    /// <summary>The member bound to the whole HTTP body, if the shape names one.</summary>
    public static Member? PayloadMember(Shape? shape) => shape?.Payload is { } name ? shape.FindMember(name) : null;

    /// <summary>Reads the uri, querystring, header and headers members of the input into <paramref name="target"/>.</summary>
    public static void ReadLocatedMembers(ProtocolRequest request, Shape input, JsonObject target)
    {
        var service = request.Operation.Service;
        Member? queryMap = null;
        foreach (var member in input.Members)
        {
            var name = member.LocationName ?? member.Name;
            if (member is { Location: "querystring", LocationName: null, Shape.Type: ShapeType.Map })
            {
                queryMap = member;
                continue;
            }
            JsonNode? value = member.Location switch
            {
                "uri" => request.UriLabels.TryGetValue(name, out var label) ? FromText(label, member, service) : null,
                "querystring" => ReadQueryMember(request.Query, name, member, service),
                "header" => ReadHeader(request.Http.Headers, name, member, input, service),
                "headers" => ReadHeaderMap(request.Http.Headers, name),
                _ => null,
            };
            if (value is not null)
            {
                target[member.Name] = value;
            }
        }
        if (queryMap is not null && ReadRemainingQuery(request, input, queryMap) is { Count: > 0 } remaining)
        {
            target[queryMap.Name] = remaining;
        }
    }

    /// <summary>Writes header and headers members onto the response; returns the statusCode member's value, if any.</summary>
    public static int? WriteLocatedMembers(HttpResponse response, Shape output, JsonObject values, ServiceModel service)
    {
        int? status = null;
        foreach (var member in output.Members)
        {
            if (member.Location is null || !values.TryGetPropertyValue(member.Name, out var value) || value is null)
            {
                continue;
            }
            var name = member.LocationName ?? member.Name;
            switch (member.Location)
            {
                case "statusCode":
                    status = (int)NodeValues.ToInt64(value);
                    break;
                case "header" when HeaderText(value, member, output, service) is { } text:
                    response.Headers[name] = text;
                    break;
                case "headers":
                    foreach (var (key, item) in value.AsObject())
                    {
                        if (item is not null)
                        {
                            response.Headers[name + key] = AsciiHeaderValue(NodeValues.ToText(item));
                        }
                    }
                    break;
            }
        }
        return status;
    }

    /// <summary>A string payload (S3 PutBucketPolicy's policy document) is the body as UTF-8 text.</summary>
    public static JsonNode? ReadStringPayload(ProtocolRequest request) =>
        request.Body.IsEmpty ? null : JsonValue.Create(Encoding.UTF8.GetString(request.Body.Span));

    /// <summary>
    /// Writes a blob or string payload: the handler's stream writer, else the value in the output tree
    /// (base64 for blobs, text for strings). Returns false when there was nothing to write.
    /// </summary>
    public static async Task<bool> WriteRawPayloadAsync(HttpResponse response, Member payload, OperationResult result, string defaultContentType)
    {
        if (result.WriteBody is { } writeBody)
        {
            response.ContentType ??= defaultContentType;
            response.ContentLength ??= result.BodyLength;
            await writeBody(response.Body, response.HttpContext.RequestAborted);
            return true;
        }
        if (!result.Output.TryGetPropertyValue(payload.Name, out var value) || value is null)
        {
            return false;
        }
        var bytes = payload.Shape.Type == ShapeType.Blob ? BlobBytes(value) : Encoding.UTF8.GetBytes(NodeValues.ToText(value));
        response.ContentType ??= defaultContentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, response.HttpContext.RequestAborted);
        return true;
    }

    /// <summary>Converts wire text (URI label, query value, header, XML element) to the tree type of a scalar shape.</summary>
    public static bool TryParseScalar(string text, Shape shape, [NotNullWhen(true)] out JsonNode? value)
    {
        value = null;
        switch (shape.Type)
        {
            case ShapeType.Boolean when bool.TryParse(text, out var flag):
                value = JsonValue.Create(flag);
                break;
            case ShapeType.Integer or ShapeType.Long or ShapeType.Byte or ShapeType.Short or ShapeType.BigInteger
                when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                value = JsonValue.Create(integer);
                break;
            case ShapeType.Float or ShapeType.Double or ShapeType.BigDecimal
                when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                value = JsonValue.Create(number);
                break;
            case ShapeType.Timestamp when TryParseTimestamp(text, out var instant):
                value = JsonValue.Create(instant);
                break;
            case ShapeType.String or ShapeType.Blob:
                value = JsonValue.Create(text);
                break;
        }
        return value is not null;
    }

    private static JsonNode FromText(string text, Member member, ServiceModel service) =>
        TryParseScalar(text, member.Shape, out var value)
            ? value
            : throw AwsServiceException.Validation(
                $"Value '{text}' at '{member.LocationName ?? member.Name}' is not a valid {member.Shape.Type.ToString().ToLowerInvariant()}.",
                service.ValidationErrorCode);

    private static JsonNode? ReadQueryMember(IReadOnlyList<KeyValuePair<string, string>> query, string name, Member member, ServiceModel service)
    {
        if (member.Shape.Type == ShapeType.List)
        {
            var items = new JsonArray();
            foreach (var (key, text) in query)
            {
                if (key == name)
                {
                    items.Add(FromText(text, member.Shape.ListMember!, service));
                }
            }
            return items.Count > 0 ? items : null;
        }
        foreach (var (key, text) in query)
        {
            if (key == name)
            {
                return FromText(text, member, service);
            }
        }
        return null;
    }

    /// <summary>A map bound to the query string without a name takes every parameter no other member or the template claims.</summary>
    private static JsonObject ReadRemainingQuery(ProtocolRequest request, Shape input, Member map)
    {
        var template = UriTemplate.Parse(request.Operation.RequestUri);
        var claimed = input.Members.Where(m => m.Location == "querystring" && m.LocationName is not null)
            .Select(m => m.LocationName!).ToHashSet(StringComparer.Ordinal);
        var result = new JsonObject();
        var valueShape = map.Shape.MapValue!.Shape;
        foreach (var (key, text) in request.Query)
        {
            if (claimed.Contains(key) || template.RequiresQueryKey(key))
            {
                continue;
            }
            if (valueShape.Type == ShapeType.List)
            {
                if (result[key] is not JsonArray list)
                {
                    result[key] = list = [];
                }
                list.Add(text);
            }
            else
            {
                result[key] = text;
            }
        }
        return result;
    }

    private static JsonNode? ReadHeader(IHeaderDictionary headers, string name, Member member, Shape input, ServiceModel service)
    {
        if (!headers.TryGetValue(name, out var values) || StringValues.IsNullOrEmpty(values))
        {
            return null;
        }
        var text = values.Count == 1 ? values[0]! : string.Join(',', values.ToArray());
        text = AwsChunkedCorrection(headers, name, text);
        if (text is null || (text.Length == 0 && member.Shape.Type != ShapeType.String))
        {
            return null;
        }
        if (member.JsonValue)
        {
            return ParseJsonValueHeader(text, name, service);
        }
        if (member.Shape.Type == ShapeType.List)
        {
            var items = new JsonArray();
            foreach (var item in HeaderLists.Split(text, member.Shape.ListMember!.Shape.Type == ShapeType.Timestamp))
            {
                items.Add(FromText(item, member.Shape.ListMember!, service));
            }
            return items;
        }
        return FromText(text, member, service);
    }

    /// <summary>
    /// With Content-Encoding: aws-chunked the Content-Length header counts the chunk framing; the object's
    /// length is x-amz-decoded-content-length, and aws-chunked is not part of the object's encoding.
    /// </summary>
    private static string? AwsChunkedCorrection(IHeaderDictionary headers, string name, string text)
    {
        var encoding = headers.ContentEncoding.ToString();
        if (!encoding.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }
        if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = headers["x-amz-decoded-content-length"].ToString();
            return decoded.Length > 0 ? decoded : text;
        }
        if (name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
        {
            var rest = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(e => !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase));
            var joined = string.Join(',', rest);
            return joined.Length > 0 ? joined : null;
        }
        return text;
    }

    private static JsonObject? ReadHeaderMap(IHeaderDictionary headers, string prefix)
    {
        JsonObject? result = null;
        foreach (var (name, values) in headers)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                result ??= [];
                result[name[prefix.Length..]] = values.ToString();
            }
        }
        return result;
    }

    private static JsonNode ParseJsonValueHeader(string text, string name, ServiceModel service)
    {
        try
        {
            return JsonNode.Parse(Convert.FromBase64String(text))
                ?? throw AwsServiceException.Validation($"Header {name} must be base64-encoded JSON.", service.ValidationErrorCode);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw AwsServiceException.Validation($"Header {name} must be base64-encoded JSON.", service.ValidationErrorCode);
        }
    }

    private static string? HeaderText(JsonNode value, Member member, Shape structure, ServiceModel service)
    {
        if (member.JsonValue)
        {
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(value.ToJsonString()));
        }
        var shape = member.Shape;
        switch (shape.Type)
        {
            case ShapeType.Timestamp:
                var format = member.TimestampFormat ?? shape.TimestampFormat ?? TimestampFormats.Rfc822;
                return TimestampFormats.Format(NodeValues.ToTimestamp(value), format);
            case ShapeType.List:
                var items = value.AsArray().Where(i => i is not null)
                    .Select(i => shape.ListMember!.Shape.Type == ShapeType.Timestamp
                        ? TimestampFormats.Format(NodeValues.ToTimestamp(i!), TimestampFormats.Rfc822)
                        : HeaderLists.Quote(NodeValues.ToText(i!)))
                    .ToArray();
                return items.Length == 0 ? null : AsciiHeaderValue(string.Join(',', items));
            case ShapeType.Blob:
                return BlobBase64(value);
            default:
                return AsciiHeaderValue(NodeValues.ToText(value));
        }
    }

    /// <summary>
    /// Kestrel refuses non-ASCII response header values (it would answer 500). S3 returns such metadata
    /// values RFC 2047-encoded, and so do we for every header.
    /// </summary>
    private static string AsciiHeaderValue(string text) =>
        Ascii.IsValid(text) ? text : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static byte[] BlobBytes(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<byte[]>(out var bytes) ? bytes : Convert.FromBase64String(NodeValues.ToText(value));

    private static string BlobBase64(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<byte[]>(out var bytes) ? Convert.ToBase64String(bytes) : NodeValues.ToText(value);

    private static bool TryParseTimestamp(string text, out DateTimeOffset instant)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch) && double.IsFinite(epoch))
        {
            instant = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(epoch * 1000));
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }
}

/// <summary>Comma-separated header lists (RFC 7230), with botocore's quoting of items that contain ',' or '"'.</summary>
internal static class HeaderLists
{
    public static List<string> Split(string text, bool httpDates)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\\' && quoted && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (c == ',' && !quoted)
            {
                items.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        items.Add(current.ToString().Trim());
        return httpDates ? JoinHttpDates(items) : items;
    }

    public static string Quote(string item) =>
        item.Contains(',') || item.Contains('"') ? "\"" + item.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : item;

    // An HTTP date has a comma of its own ("Mon, 01 Jan 2024 ..."): a lone day name is glued to what follows.
    private static List<string> JoinHttpDates(List<string> parts)
    {
        var dates = new List<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            dates.Add(parts[i].Length == 3 && i + 1 < parts.Count && parts[i].All(char.IsAsciiLetter)
                ? parts[i] + ", " + parts[++i]
                : parts[i]);
        }
        return dates;
    }
}
