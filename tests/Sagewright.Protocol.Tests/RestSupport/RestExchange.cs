using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Tests.RestSupport;

/// <summary>An HTTP response as a client receives it.</summary>
internal sealed record CapturedResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>Runs the REST codecs against in-memory ASP.NET requests and responses.</summary>
internal static class RestExchange
{
    public const string RequestId = "4442587FB7D0A2F9";

    public static IProtocolCodec CodecFor(ServiceModel service) => service.Protocol switch
    {
        WireProtocol.RestJson => new RestJsonCodec(),
        WireProtocol.RestXml => new RestXmlCodec(),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service.Protocol, "not a REST protocol"),
    };

    public static HttpContext NewContext(string method, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        foreach (var (name, value) in headers ?? [])
        {
            context.Request.Headers.Append(name, value);
        }
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>Routes a raw request with the matcher and parses it with the service's codec.</summary>
    public static (OperationModel Operation, JsonObject Input) Parse(string method, string rawPath, string rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        var context = NewContext(method, headers);
        var query = new RawTarget(rawPath, rawQuery).DecodedQuery();
        var match = RestModels.Matcher.Match(method, rawPath, query, context.Request.Headers)
            ?? throw new InvalidOperationException($"No operation matches {method} {rawPath}?{rawQuery}.");
        var request = new ProtocolRequest(context.Request, match.Operation, match.UriLabels, query, body, null);
        return (match.Operation, CodecFor(match.Operation.Service).ReadInput(request));
    }

    public static async Task<CapturedResponse> WriteOutputAsync(OperationModel operation, OperationResult result, string method = "GET")
    {
        var context = NewContext(method);
        await CodecFor(operation.Service).WriteOutputAsync(context.Response, operation, result, RequestId);
        return Capture(context.Response);
    }

    public static async Task<CapturedResponse> WriteErrorAsync(ServiceModel service, AwsServiceException error, string method = "GET")
    {
        var context = NewContext(method);
        await CodecFor(service).WriteErrorAsync(context.Response, service, error, RequestId);
        return Capture(context.Response);
    }

    private static CapturedResponse Capture(HttpResponse response)
    {
        var headers = response.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        return new CapturedResponse(response.StatusCode, headers, ((MemoryStream)response.Body).ToArray());
    }
}
