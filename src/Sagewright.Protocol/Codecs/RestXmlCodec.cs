using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// S3's rest-xml protocol: members bound to the URI, query string and headers; XML payload structures
/// (CreateBucketConfiguration, Delete, CompleteMultipartUpload) in requests; object data as a raw payload;
/// XML responses rooted in the output shape's element name, ISO-8601 timestamps in bodies and RFC 1123 in
/// headers; errors as &lt;Error&gt; without a body for HEAD.
/// </summary>
public sealed class RestXmlCodec : IProtocolCodec
{
    private const string XmlContentType = "application/xml";
    private static readonly byte[] Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8.ToArray();
    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true };

    public JsonObject ReadInput(ProtocolRequest request)
    {
        if (request.Operation.Input is not { } input)
        {
            return [];
        }
        var tree = new JsonObject();
        var payload = RestBindings.PayloadMember(input);
        if (payload is null)
        {
            if (!request.Body.IsEmpty && input.Members.Any(m => m.Location is null))
            {
                tree = XmlShapeReader.ReadDocument(request.Body, input);
            }
        }
        else if (payload.Shape.Type == ShapeType.Structure && !request.Body.IsEmpty)
        {
            tree[payload.Name] = XmlShapeReader.ReadDocument(request.Body, payload.Shape);
        }
        else if (payload.Shape.Type == ShapeType.String && RestBindings.ReadStringPayload(request) is { } text)
        {
            tree[payload.Name] = text;
        }
        RestBindings.ReadLocatedMembers(request, input, tree);
        return tree;
    }

    public async Task WriteOutputAsync(HttpResponse response, OperationModel operation, OperationResult result, string requestId)
    {
        SetRequestIds(response, requestId);
        var output = operation.Output;
        var boundStatus = output is null ? null : RestBindings.WriteLocatedMembers(response, output, result.Output, operation.Service);
        response.StatusCode = result.StatusCode ?? boundStatus ?? operation.ResponseCode;
        if (HttpMethods.IsHead(response.HttpContext.Request.Method))
        {
            // HEAD answers the headers of a GET, Content-Length included (HeadObject), and no body.
            response.ContentLength ??= 0;
            return;
        }
        if (!await WriteBodyAsync(response, operation, output, result))
        {
            response.ContentLength = 0;
        }
    }

    private static async Task<bool> WriteBodyAsync(HttpResponse response, OperationModel operation, Shape? output, OperationResult result)
    {
        if (output is null)
        {
            return false;
        }
        var payload = RestBindings.PayloadMember(output);
        if (payload is null)
        {
            if (!output.Members.Any(m => m.Location is null))
            {
                return false;
            }
            var root = output.LocationName ?? output.Name;
            await WriteXmlAsync(response, writer => WriteRoot(writer, root, Namespace(output.XmlNamespace, operation.Service), output, result.Output));
            return true;
        }
        if (payload.Shape.EventStream)
        {
            var streamer = result.WriteBody ?? throw new InvalidOperationException($"{operation} returns an event stream: its handler must set WriteBody.");
            response.ContentType ??= "application/vnd.amazon.eventstream";
            await streamer(response.Body, response.HttpContext.RequestAborted);
            return true;
        }
        if (payload.Shape.Type == ShapeType.Structure)
        {
            if (result.Output[payload.Name] is not JsonObject value)
            {
                return false;
            }
            var root = payload.LocationName ?? payload.Shape.LocationName ?? payload.Shape.Name;
            var ns = Namespace(payload.XmlNamespaceUri ?? payload.Shape.XmlNamespace, operation.Service);
            await WriteXmlAsync(response, writer => WriteRoot(writer, root, ns, payload.Shape, value));
            return true;
        }
        return await RestBindings.WriteRawPayloadAsync(response, payload, result,
            payload.Shape.Type == ShapeType.Blob ? "application/octet-stream" : "text/plain; charset=utf-8");
    }

    private static void WriteRoot(XmlWriter writer, string root, string ns, Shape shape, JsonObject value)
    {
        writer.WriteStartElement(root, ns);
        // GetBucketLocation answers <LocationConstraint>us-west-2</LocationConstraint>: when the root element is
        // named like the shape's only body member, the root is that member's element.
        var bodyMembers = shape.Members.Where(m => m.Location is null).ToArray();
        if (bodyMembers is [{ Shape.IsScalar: true } only] && only.WireName == root)
        {
            if (value[only.Name] is { } text)
            {
                XmlShapeWriter.WriteContent(writer, only.Shape, text, TimestampFormats.Iso8601);
            }
        }
        else
        {
            XmlShapeWriter.WriteContent(writer, shape, value, TimestampFormats.Iso8601);
        }
        writer.WriteEndElement();
    }

    /// <summary>S3's error document: Code, Message, the details (BucketName, Key, Resource...), RequestId, HostId.</summary>
    public async Task WriteErrorAsync(HttpResponse response, ServiceModel service, AwsServiceException error, string requestId)
    {
        SetRequestIds(response, requestId);
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }
        response.StatusCode = error.StatusCode;
        // HEAD errors and 304 Not Modified carry no body.
        if (HttpMethods.IsHead(response.HttpContext.Request.Method) || error.StatusCode == StatusCodes.Status304NotModified)
        {
            return;
        }
        response.ContentType = XmlContentType;
        await WriteXmlAsync(response, writer =>
        {
            writer.WriteStartElement("Error");
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", XmlText(error.Message));
            foreach (var (name, value) in error.Details)
            {
                writer.WriteElementString(name, XmlText(value));
            }
            writer.WriteElementString("RequestId", requestId);
            writer.WriteElementString("HostId", HostId(requestId));
            writer.WriteEndElement();
        });
    }

    /// <summary>Text XML 1.0 can carry: characters it cannot (control characters in a key or a parser message) become U+FFFD.</summary>
    private static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }
        return builder.ToString();
    }

    /// <summary>x-amz-id-2: S3's "extended request id", opaque to clients; derived from the request id so logs can join them.</summary>
    public static string HostId(string requestId) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)));

    private static void SetRequestIds(HttpResponse response, string requestId)
    {
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = HostId(requestId);
    }

    // S3's model declares no xmlNamespace in its metadata; its documents use http://s3.amazonaws.com/doc/<apiVersion>/.
    private static string Namespace(string? declared, ServiceModel service) =>
        declared ?? service.XmlNamespace ?? $"http://{service.EndpointPrefix}.amazonaws.com/doc/{service.ApiVersion}/";

    private static async Task WriteXmlAsync(HttpResponse response, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Declaration);
        using (var writer = XmlWriter.Create(buffer, WriterSettings))
        {
            write(writer);
        }
        response.ContentType ??= XmlContentType;
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted);
    }
}
