using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Tests.RestSupport;

/// <summary>
/// One response our codec writes and a real botocore client then parses, with what the client must see.
/// <paramref name="Params"/> are the call's parameters (botocore serializes and signs them, then receives our response).
/// </summary>
internal sealed record BotocoreResponseCase(
    string Name, OperationModel Operation, JsonObject Params, Func<Task<CapturedResponse>> Write, Action<CapturedResponse, JsonObject> Verify)
{
    public static BotocoreResponseCase Output(string name, string service, string operation, JsonObject @params,
        OperationResult result, string method = "GET", JsonObject? expected = null)
    {
        var model = RestModels.Operation(service, operation);
        return new(name, model, @params, () => RestExchange.WriteOutputAsync(model, result, method), (response, verdict) =>
        {
            var parsed = verdict["result"]?.AsObject()
                ?? throw new InvalidOperationException($"botocore raised instead of parsing: {verdict["error"]?.ToJsonString()}");
            Assert.Equal(RestExchange.RequestId, (string?)parsed["ResponseMetadata"]?["RequestId"]);
            Assert.Equal(response.Status, (int?)parsed["ResponseMetadata"]?["HTTPStatusCode"]);
            ShapeTreeAssert.Equivalent(model.Output!, expected ?? result.Output, parsed, operation, new HashSet<string> { "ResponseMetadata" });
        });
    }

    /// <summary>An error: botocore's ClientError.response must carry the code, message and modeled fields.</summary>
    public static BotocoreResponseCase Error(string name, string service, string operation, JsonObject @params,
        AwsServiceException error, Action<JsonObject> verify, string method = "GET")
    {
        var model = RestModels.Operation(service, operation);
        return new(name, model, @params, () => RestExchange.WriteErrorAsync(model.Service, error, method), (response, verdict) =>
        {
            var raised = verdict["error"]?.AsObject()
                ?? throw new InvalidOperationException($"botocore parsed an error response as a success: {verdict["result"]?.ToJsonString()}");
            Assert.Equal(error.StatusCode, (int?)raised["ResponseMetadata"]?["HTTPStatusCode"]);
            Assert.Equal(RestExchange.RequestId, (string?)raised["ResponseMetadata"]?["RequestId"]);
            verify(raised);
        });
    }

    /// <summary>Writes every case's response and has botocore parse them all in one python process.</summary>
    public static async Task<Dictionary<string, (CapturedResponse Response, JsonObject Verdict)>> JudgeAsync(IReadOnlyList<BotocoreResponseCase> cases)
    {
        var responses = new List<CapturedResponse>();
        var batch = new JsonArray();
        foreach (var testCase in cases)
        {
            var response = await testCase.Write();
            responses.Add(response);
            batch.Add(new JsonObject
            {
                ["service"] = testCase.Operation.Service.Name,
                ["operation"] = testCase.Operation.Name,
                ["params"] = testCase.Params.DeepClone(),
                ["status"] = response.Status,
                ["headers"] = new JsonArray(response.Headers.Select(h => (JsonNode)new JsonArray(h.Key, h.Value)).ToArray()),
                ["bodyBase64"] = Convert.ToBase64String(response.Body),
            });
        }
        var verdicts = Botocore.ParseResponses(batch);
        return cases.Select((c, i) => (c.Name, Response: responses[i], Verdict: verdicts[i]!.AsObject()))
            .ToDictionary(x => x.Name, x => (x.Response, x.Verdict), StringComparer.Ordinal);
    }

    public static JsonValue Instant(int year, int month, int day, int hour, int minute, int second, int millisecond = 0) =>
        JsonValue.Create(new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero));

    public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    public static Func<Stream, CancellationToken, Task> Writes(string text) =>
        (stream, token) => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), token).AsTask();

    public static string HostId => RestXmlCodec.HostId(RestExchange.RequestId);
}
