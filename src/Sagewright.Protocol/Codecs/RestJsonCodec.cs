using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// The rest-json protocol (SageMaker Runtime, Lex, Personalize Runtime): members bound to the URI, query
/// string and headers, the rest a JSON body, or a payload member that is the whole body (InvokeEndpoint's Body).
/// </summary>
public sealed class RestJsonCodec : IProtocolCodec
{
    private const string JsonContentType = "application/json";

    // The body is JSON with an explicit content type: escaping '<', '&' or non-ASCII for HTML embedding buys nothing.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public JsonObject ReadInput(ProtocolRequest request)
    {
        if (request.Operation.Input is not { } input)
        {
            return [];
        }
        var tree = ReadBody(request, input);
        RestBindings.ReadLocatedMembers(request, input, tree);
        return tree;
    }

    private static JsonObject ReadBody(ProtocolRequest request, Shape input)
    {
        var payload = RestBindings.PayloadMember(input);
        if (payload is null)
        {
            return JsonShapeReader.ReadBody(request.Body.Span, input);
        }
        var tree = new JsonObject();
        if (payload.Shape.Type == ShapeType.Structure && !request.Body.IsEmpty)
        {
            tree[payload.Name] = JsonShapeReader.ReadBody(request.Body.Span, payload.Shape);
        }
        else if (payload.Shape.Type == ShapeType.String && RestBindings.ReadStringPayload(request) is { } text)
        {
            tree[payload.Name] = text;
        }
        return tree;
    }

    public async Task WriteOutputAsync(HttpResponse response, OperationModel operation, OperationResult result, string requestId)
    {
        response.Headers["x-amzn-RequestId"] = requestId;
        var output = operation.Output;
        var boundStatus = output is null ? null : RestBindings.WriteLocatedMembers(response, output, result.Output, operation.Service);
        response.StatusCode = result.StatusCode ?? boundStatus ?? operation.ResponseCode;
        if (output is null)
        {
            response.ContentLength = 0;
            return;
        }

        var payload = RestBindings.PayloadMember(output);
        if (payload is null)
        {
            await WriteJsonAsync(response, writer => JsonShapeWriter.WriteStructure(writer, output, result.Output));
        }
        else if (payload.Shape.EventStream)
        {
            var streamer = result.WriteBody ?? throw new InvalidOperationException($"{operation} returns an event stream: its handler must set WriteBody.");
            response.ContentType ??= "application/vnd.amazon.eventstream";
            await streamer(response.Body, response.HttpContext.RequestAborted);
        }
        else if (payload.Shape.Type == ShapeType.Structure)
        {
            if (result.Output[payload.Name] is JsonObject value)
            {
                await WriteJsonAsync(response, writer => JsonShapeWriter.WriteStructure(writer, payload.Shape, value));
            }
            else
            {
                response.ContentLength = 0;
            }
        }
        else if (!await RestBindings.WriteRawPayloadAsync(response, payload, result,
            payload.Shape.Type == ShapeType.Blob ? "application/octet-stream" : "text/plain; charset=utf-8"))
        {
            response.ContentLength = 0;
        }
    }

    /// <summary>
    /// What botocore's RestJSONParser reads: the code from x-amzn-ErrorType (or __type), the message from
    /// "message"/"Message"; then the modeled error shape's members from headers and body (ModelError's
    /// OriginalStatusCode), which is where <see cref="AwsServiceException.Details"/> go, typed by that shape.
    /// </summary>
    public async Task WriteErrorAsync(HttpResponse response, ServiceModel service, AwsServiceException error, string requestId)
    {
        response.StatusCode = error.StatusCode;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.Headers["x-amzn-ErrorType"] = error.Code;
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }
        var shape = service.FindError(error.Code);
        var body = new JsonObject
        {
            ["__type"] = error.Code,
            [MessageMember(shape)?.WireName ?? "message"] = error.Message,
        };
        foreach (var (name, text) in error.Details)
        {
            var member = shape?.FindMember(name) ?? shape?.Members.FirstOrDefault(m => m.WireName == name);
            if (member?.Location == "header")
            {
                response.Headers[member.LocationName ?? member.Name] = text;
                continue;
            }
            body[member?.WireName ?? name] = member is not null && RestBindings.TryParseScalar(text, member.Shape, out var typed)
                ? typed
                : JsonValue.Create(text);
        }
        response.ContentType = JsonContentType;
        await WriteJsonAsync(response, writer => body.WriteTo(writer));
    }

    private static Member? MessageMember(Shape? errorShape) =>
        errorShape?.Members.FirstOrDefault(m => m.Location is null && m.Name.Equals("message", StringComparison.OrdinalIgnoreCase));

    private static async Task WriteJsonAsync(HttpResponse response, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        response.ContentType ??= JsonContentType;
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted);
    }
}
