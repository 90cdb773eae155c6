using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// The query protocol (STS, IAM, CloudWatch): form-encoded Action=…&amp;Version=… with dotted member paths
/// (Tags.member.1.Key), answered with XML &lt;OpResponse&gt;&lt;OpResult&gt;.
/// </summary>
public sealed class QueryCodec : IProtocolCodec
{
    // Not Async: the writer fills a MemoryStream synchronously, and an async XmlWriter allocates a 64 KB buffer per response.
    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false) };

    public JsonObject ReadInput(ProtocolRequest request)
    {
        var parameters = QueryParameters(request.Query, request.Body);
        return request.Operation.Input is { } shape ? ReadStructure(parameters, "", shape) : [];
    }

    /// <summary>All parameters of a query-protocol request: the query string plus a form-encoded body.</summary>
    public static Dictionary<string, string> QueryParameters(IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            parameters[key] = value;
        }
        foreach (var (key, value) in FormBody.Parse(body.Span))
        {
            parameters[key] = value;
        }
        return parameters;
    }

    private static JsonObject ReadStructure(Dictionary<string, string> parameters, string prefix, Shape shape)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            var key = prefix + (member.QueryName ?? member.LocationName ?? member.Name);
            if (ReadMember(parameters, key, member) is { } value)
            {
                result[member.Name] = value;
            }
        }
        return result;
    }

    private static JsonNode? ReadMember(Dictionary<string, string> parameters, string key, Member member)
    {
        var shape = member.Shape;
        switch (shape.Type)
        {
            case ShapeType.Structure:
                return HasPrefix(parameters, key + ".") ? ReadStructure(parameters, key + ".", shape) : null;
            case ShapeType.List:
                if (parameters.TryGetValue(key, out var empty) && empty.Length == 0)
                {
                    return new JsonArray(); // botocore sends "Name=" for an empty list
                }
                var flattened = member.Flattened || shape.Flattened;
                var itemPrefix = flattened ? key + "." : $"{key}.{shape.ListMember!.LocationName ?? "member"}.";
                var list = new JsonArray();
                for (var i = 1; ReadMember(parameters, itemPrefix + i.ToString(CultureInfo.InvariantCulture), shape.ListMember!) is { } item; i++)
                {
                    list.Add(item);
                }
                return list.Count > 0 ? list : null;
            case ShapeType.Map:
                var entryPrefix = member.Flattened || shape.Flattened ? key + "." : key + ".entry.";
                var map = new JsonObject();
                for (var i = 1; ; i++)
                {
                    var entry = entryPrefix + i.ToString(CultureInfo.InvariantCulture) + ".";
                    if (!parameters.TryGetValue(entry + (shape.MapKey!.LocationName ?? "key"), out var mapKey))
                    {
                        break;
                    }
                    map[mapKey] = ReadMember(parameters, entry + (shape.MapValue!.LocationName ?? "value"), shape.MapValue);
                }
                return map.Count > 0 ? map : null;
            default:
                return parameters.TryGetValue(key, out var text) ? ScalarFromText(text, shape, key) : null;
        }
    }

    private static bool HasPrefix(Dictionary<string, string> parameters, string prefix) =>
        parameters.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Converts text from a query string, form or header into the tree type of a scalar shape.</summary>
    public static JsonNode ScalarFromText(string text, Shape shape, string name)
    {
        try
        {
            return shape.Type switch
            {
                ShapeType.Boolean => JsonValue.Create(bool.Parse(text)),
                ShapeType.Integer or ShapeType.Long or ShapeType.Byte or ShapeType.Short or ShapeType.BigInteger =>
                    JsonValue.Create(long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)),
                ShapeType.Float or ShapeType.Double or ShapeType.BigDecimal =>
                    JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
                ShapeType.Timestamp => JsonValue.Create(TimestampFormats.Parse(text, name)),
                _ => JsonValue.Create(text),
            };
        }
        catch (FormatException)
        {
            throw new AwsServiceException("MalformedInput", $"Value '{text}' of {name} is not a valid {shape.Type.ToString().ToLowerInvariant()}.", 400);
        }
        catch (OverflowException)
        {
            throw new AwsServiceException("MalformedInput", $"Value '{text}' of {name} is out of range.", 400);
        }
    }

    public async Task WriteOutputAsync(HttpResponse response, OperationModel operation, OperationResult result, string requestId)
    {
        var ns = Namespace(operation.Service);
        await WriteXmlAsync(response, result.StatusCode ?? 200, requestId, writer =>
        {
            writer.WriteStartElement(operation.Name + "Response", ns);
            if (operation.Output is { } shape)
            {
                writer.WriteStartElement(operation.ResultWrapper ?? operation.Name + "Result");
                XmlShapeWriter.WriteMembers(writer, shape, result.Output, TimestampFormats.Iso8601);
                writer.WriteEndElement();
            }
            writer.WriteStartElement("ResponseMetadata");
            writer.WriteElementString("RequestId", requestId);
            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    public Task WriteErrorAsync(HttpResponse response, ServiceModel service, AwsServiceException error, string requestId) =>
        WriteQueryError(response, Namespace(service), error, requestId);

    public static Task WriteQueryError(HttpResponse response, string ns, AwsServiceException error, string requestId)
    {
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }
        return WriteXmlAsync(response, error.StatusCode, requestId, writer =>
        {
            writer.WriteStartElement("ErrorResponse", ns);
            writer.WriteStartElement("Error");
            writer.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", error.Message);
            foreach (var (name, value) in error.Details)
            {
                writer.WriteElementString(name, value);
            }
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", requestId);
            writer.WriteEndElement();
        });
    }

    private static string Namespace(ServiceModel service) =>
        service.XmlNamespace ?? $"https://{service.EndpointPrefix}.amazonaws.com/doc/{service.ApiVersion}/";

    private static async Task WriteXmlAsync(HttpResponse response, int status, string requestId, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, XmlSettings))
        {
            write(writer);
        }
        response.StatusCode = status;
        response.ContentType = "text/xml";
        response.Headers["x-amzn-RequestId"] = requestId;
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted);
    }
}
