using System.Text.Json.Nodes;
using Sagewright.Core;

namespace Sagewright.Protocol.Pipeline;

/// <summary>
/// An operation invocation as a handler sees it. <see cref="Input"/> is the operation's input shape in
/// JSON-protocol form whatever the wire protocol was: structures as objects keyed by member name, timestamps
/// as <see cref="DateTimeOffset"/> values, blobs as base64 strings. A blob payload member (S3 object bodies,
/// InvokeEndpoint bodies) is not in Input: it is <see cref="Body"/>, streamed.
/// </summary>
public sealed class OperationCall(RequestContext context, JsonObject input, Stream? body)
{
    public RequestContext Context { get; } = context;
    public JsonObject Input { get; } = input;
    public Stream? Body { get; } = body;

    public string AccountId => Context.AccountId;
    public string Region => Context.Region;
    public CallerIdentity Caller => Context.Caller;
    public CancellationToken Aborted => Context.Aborted;
}

public delegate ValueTask<OperationResult> OperationHandler(OperationCall call);

/// <summary>An operation's output in JSON-protocol form (see <see cref="OperationCall"/>), plus a streamed payload.</summary>
public sealed class OperationResult
{
    public JsonObject Output { get; init; } = [];

    /// <summary>Writes the blob payload member (S3 GetObject, InvokeEndpoint) directly to the response body.</summary>
    public Func<Stream, CancellationToken, Task>? WriteBody { get; init; }

    /// <summary>Length of the streamed body when known, for Content-Length.</summary>
    public long? BodyLength { get; init; }

    /// <summary>Overrides the operation's default status code (S3 206 for ranges, 204 for deletes...).</summary>
    public int? StatusCode { get; init; }

    public static OperationResult Empty { get; } = new();

    public static implicit operator OperationResult(JsonObject output) => new() { Output = output };

    public static ValueTask<OperationResult> Completed(JsonObject output) => ValueTask.FromResult(new OperationResult { Output = output });
}
