using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Codecs;

/// <summary>The request as the codecs see it, after routing and authentication.</summary>
/// <param name="Http">The ASP.NET request (headers, method).</param>
/// <param name="Operation">The operation the router chose.</param>
/// <param name="UriLabels">Values of the URI template labels, already percent-decoded.</param>
/// <param name="Query">Query string parameters, percent-decoded, in order (repeated names kept).</param>
/// <param name="Body">The buffered body; empty when the operation's payload is streamed.</param>
/// <param name="StreamingBody">The decoded body stream when the operation has a blob payload member.</param>
public sealed record ProtocolRequest(
    HttpRequest Http,
    OperationModel Operation,
    IReadOnlyDictionary<string, string> UriLabels,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    ReadOnlyMemory<byte> Body,
    Stream? StreamingBody);

/// <summary>One wire protocol: reads operation inputs, writes outputs and errors.</summary>
public interface IProtocolCodec
{
    /// <summary>Parses the request into the input shape's JSON-protocol form. Malformed input throws AwsServiceException (SerializationException / MalformedXML / ...).</summary>
    JsonObject ReadInput(ProtocolRequest request);

    Task WriteOutputAsync(HttpResponse response, OperationModel operation, OperationResult result, string requestId);

    Task WriteErrorAsync(HttpResponse response, ServiceModel service, AwsServiceException error, string requestId);
}
