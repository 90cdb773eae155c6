using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Codecs;

/// <summary>The awsJson 1.0/1.1 protocol (SageMaker, KMS, EventBridge, Personalize): POST / with X-Amz-Target.</summary>
public sealed class JsonCodec : IProtocolCodec
{
    public JsonObject ReadInput(ProtocolRequest request) =>
        request.Operation.Input is { } shape ? JsonShapeReader.ReadBody(request.Body.Span, shape) : [];

    public async Task WriteOutputAsync(HttpResponse response, OperationModel operation, OperationResult result, string requestId)
    {
        response.StatusCode = result.StatusCode ?? 200;
        response.ContentType = ContentType(operation.Service);
        response.Headers["x-amzn-RequestId"] = requestId;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (operation.Output is { } shape)
            {
                JsonShapeWriter.WriteStructure(writer, shape, result.Output);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted);
    }

    public Task WriteErrorAsync(HttpResponse response, ServiceModel service, AwsServiceException error, string requestId) =>
        WriteJsonError(response, error, requestId, ContentType(service), includeType: true);

    /// <summary>The JSON error body both json and rest-json clients read: __type (json) and message, plus detail members.</summary>
    public static async Task WriteJsonError(HttpResponse response, AwsServiceException error, string requestId, string contentType, bool includeType)
    {
        response.StatusCode = error.StatusCode;
        response.ContentType = contentType;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.Headers["x-amzn-ErrorType"] = error.Code;
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }
        var body = new JsonObject();
        if (includeType)
        {
            body["__type"] = error.Code;
        }
        body["message"] = error.Message;
        foreach (var (name, value) in error.Details)
        {
            body[name] = value;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, response.HttpContext.RequestAborted);
    }

    private static string ContentType(ServiceModel service) => $"application/x-amz-json-{service.JsonVersion ?? "1.1"}";
}
