using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Tests.RestSupport;
using static Sagewright.Protocol.Tests.RestSupport.BotocoreResponseCase;

namespace Sagewright.Protocol.Tests;

/// <summary>SageMaker Runtime, Lex Runtime and Personalize Runtime responses written by <see cref="Codecs.RestJsonCodec"/>, judged by real botocore clients.</summary>
public sealed class RestJsonResponseCompatibilityTests(RestJsonResponseCompatibilityTests.Verdicts verdicts)
    : IClassFixture<RestJsonResponseCompatibilityTests.Verdicts>
{
    private static JsonObject Invoke => new() { ["EndpointName"] = "my-endpoint", ["Body"] = "{}", ["ContentType"] = "application/json" };
    private static JsonObject Bot => new() { ["botName"] = "OrderFlowers", ["botAlias"] = "prod", ["userId"] = "user-1" };
    private static JsonObject PostText => new() { ["botName"] = "OrderFlowers", ["botAlias"] = "prod", ["userId"] = "user-1", ["inputText"] = "roses" };

    private static JsonObject ActiveContext => new()
    {
        ["name"] = "ctx",
        ["timeToLive"] = new JsonObject { ["timeToLiveInSeconds"] = 60, ["turnsToLive"] = 3 },
        ["parameters"] = new JsonObject { ["p"] = "v" },
    };

    internal static readonly BotocoreResponseCase[] Cases =
    [
        Output("InvokeEndpoint streamed", "sagemaker-runtime", "InvokeEndpoint", Invoke, new OperationResult
        {
            Output = new JsonObject { ["ContentType"] = "application/json", ["InvokedProductionVariant"] = "AllTraffic", ["CustomAttributes"] = "trace=1" },
            WriteBody = Writes("{\"predictions\":[0.5]}"),
        }, method: "POST", expected: new JsonObject
        {
            ["ContentType"] = "application/json", ["InvokedProductionVariant"] = "AllTraffic", ["CustomAttributes"] = "trace=1",
            ["Body"] = Base64("{\"predictions\":[0.5]}"),
        }),
        Output("InvokeEndpoint from the tree", "sagemaker-runtime", "InvokeEndpoint", Invoke,
            new JsonObject { ["Body"] = Base64("1,2,3\n"), ["ContentType"] = "text/csv", ["NewSessionId"] = "sess-1; Expires=2030-01-01T00:00:00Z" }, method: "POST"),
        Output("InvokeEndpointAsync", "sagemaker-runtime", "InvokeEndpointAsync",
            new() { ["EndpointName"] = "my-endpoint", ["InputLocation"] = "s3://b/in.json" },
            new JsonObject { ["InferenceId"] = "inf-1", ["OutputLocation"] = "s3://b/out/inf-1.out", ["FailureLocation"] = "s3://b/failures/inf-1.out" }, method: "POST"),
        Error("ModelError", "sagemaker-runtime", "InvokeEndpoint", Invoke,
            new AwsServiceException("ModelError", "Received server error (500) from primary with message \"boom\".", 424)
            {
                Details = new Dictionary<string, string>
                {
                    ["OriginalStatusCode"] = "500", ["OriginalMessage"] = "boom",
                    ["LogStreamArn"] = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/my-endpoint",
                },
            },
            error =>
            {
                Assert.Equal("ModelError", (string?)error["Error"]!["Code"]);
                Assert.Equal("Received server error (500) from primary with message \"boom\".", (string?)error["Error"]!["Message"]);
                Assert.Equal(500, (int?)error["OriginalStatusCode"]);
                Assert.Equal("boom", (string?)error["OriginalMessage"]);
                Assert.StartsWith("arn:aws:logs:", (string?)error["LogStreamArn"]);
            }, method: "POST"),
        Error("ValidationError", "sagemaker-runtime", "InvokeEndpoint", Invoke,
            AwsServiceException.Validation("Endpoint my-endpoint of account 123456789012 not found.", "ValidationError"),
            error =>
            {
                Assert.Equal("ValidationError", (string?)error["Error"]!["Code"]);
                Assert.Equal("Endpoint my-endpoint of account 123456789012 not found.", (string?)error["Error"]!["Message"]);
            }, method: "POST"),
        Output("PostText", "lex-runtime", "PostText", PostText, new JsonObject
        {
            ["intentName"] = "OrderFlowers", ["nluIntentConfidence"] = new JsonObject { ["score"] = 0.92 },
            ["alternativeIntents"] = new JsonArray(new JsonObject { ["intentName"] = "AMAZON.FallbackIntent", ["nluIntentConfidence"] = new JsonObject { ["score"] = 0.1 }, ["slots"] = new JsonObject() }),
            ["slots"] = new JsonObject { ["FlowerType"] = "roses" }, ["sessionAttributes"] = new JsonObject { ["a"] = "1" },
            ["message"] = "Quel jour voulez-vous les fleurs ? é", ["messageFormat"] = "PlainText", ["dialogState"] = "ElicitSlot",
            ["slotToElicit"] = "PickupDate", ["sessionId"] = "2024-05-06T07:08:09.123Z-abc", ["botVersion"] = "$LATEST",
            ["activeContexts"] = new JsonArray(ActiveContext),
            ["responseCard"] = new JsonObject
            {
                ["version"] = "1", ["contentType"] = "application/vnd.amazonaws.card.generic",
                ["genericAttachments"] = new JsonArray(new JsonObject { ["title"] = "Flowers", ["buttons"] = new JsonArray(new JsonObject { ["text"] = "Roses", ["value"] = "roses" }) }),
            },
            ["sentimentResponse"] = new JsonObject { ["sentimentLabel"] = "POSITIVE", ["sentimentScore"] = "{Positive: 0.9}" },
        }, method: "POST"),
        Output("PostContent with jsonvalue headers", "lex-runtime", "PostContent",
            new() { ["botName"] = "OrderFlowers", ["botAlias"] = "prod", ["userId"] = "user-1", ["contentType"] = "text/plain; charset=utf-8", ["inputStream"] = "roses" },
            new OperationResult
            {
                Output = new JsonObject
                {
                    ["contentType"] = "text/plain;charset=utf-8", ["intentName"] = "OrderFlowers",
                    ["nluIntentConfidence"] = new JsonObject { ["score"] = 0.92 }, ["slots"] = new JsonObject { ["FlowerType"] = "roses", ["PickupDate"] = null },
                    ["sessionAttributes"] = new JsonObject { ["a"] = "1" }, ["alternativeIntents"] = new JsonArray(new JsonObject { ["intentName"] = "Other" }),
                    ["activeContexts"] = new JsonArray(ActiveContext), ["message"] = "What day?", ["messageFormat"] = "PlainText",
                    ["dialogState"] = "ElicitSlot", ["slotToElicit"] = "PickupDate", ["botVersion"] = "1", ["sessionId"] = "s-1",
                    ["encodedMessage"] = Base64("What day?"),
                },
                WriteBody = Writes("audio"),
            }, method: "POST", expected: new JsonObject
            {
                ["contentType"] = "text/plain;charset=utf-8", ["intentName"] = "OrderFlowers",
                ["nluIntentConfidence"] = new JsonObject { ["score"] = 0.92 }, ["slots"] = new JsonObject { ["FlowerType"] = "roses", ["PickupDate"] = null },
                ["sessionAttributes"] = new JsonObject { ["a"] = "1" }, ["alternativeIntents"] = new JsonArray(new JsonObject { ["intentName"] = "Other" }),
                ["activeContexts"] = new JsonArray(ActiveContext), ["message"] = "What day?", ["messageFormat"] = "PlainText",
                ["dialogState"] = "ElicitSlot", ["slotToElicit"] = "PickupDate", ["botVersion"] = "1", ["sessionId"] = "s-1",
                ["encodedMessage"] = Base64("What day?"), ["audioStream"] = Base64("audio"),
            }),
        Output("GetSession", "lex-runtime", "GetSession", Bot, new JsonObject
        {
            ["recentIntentSummaryView"] = new JsonArray(new JsonObject
            {
                ["intentName"] = "OrderFlowers", ["slots"] = new JsonObject { ["FlowerType"] = "roses" }, ["confirmationStatus"] = "None",
                ["dialogActionType"] = "ElicitSlot", ["slotToElicit"] = "PickupDate", ["checkpointLabel"] = "label",
            }),
            ["sessionAttributes"] = new JsonObject(), ["sessionId"] = "s-1",
            ["dialogAction"] = new JsonObject { ["type"] = "ElicitSlot", ["intentName"] = "OrderFlowers", ["slotToElicit"] = "PickupDate", ["message"] = "When?", ["messageFormat"] = "PlainText" },
            ["activeContexts"] = new JsonArray(),
        }),
        Output("DeleteSession", "lex-runtime", "DeleteSession", Bot,
            new JsonObject { ["botName"] = "OrderFlowers", ["botAlias"] = "prod", ["userId"] = "user-1", ["sessionId"] = "s-1" }, method: "DELETE"),
        Error("LimitExceededException", "lex-runtime", "PostText", PostText,
            new AwsServiceException("LimitExceededException", "Too many requests.", 429) { Details = new Dictionary<string, string> { ["retryAfterSeconds"] = "30" } },
            error =>
            {
                Assert.Equal("LimitExceededException", (string?)error["Error"]!["Code"]);
                Assert.Equal("Too many requests.", (string?)error["Error"]!["Message"]);
                Assert.Equal("30", (string?)error["retryAfterSeconds"]);
                Assert.Equal("Too many requests.", (string?)error["message"]);
            }, method: "POST"),
        Error("NotFoundException", "lex-runtime", "GetSession", Bot,
            new AwsServiceException("NotFoundException", "The bot was not found.", 404),
            error => Assert.Equal(("NotFoundException", "The bot was not found."), ((string?)error["Error"]!["Code"], (string?)error["Error"]!["Message"]))),
        Output("GetRecommendations", "personalize-runtime", "GetRecommendations",
            new() { ["campaignArn"] = "arn:aws:personalize:us-east-1:123456789012:campaign/c", ["userId"] = "u1" }, new JsonObject
            {
                ["itemList"] = new JsonArray(
                    new JsonObject { ["itemId"] = "i1", ["score"] = 0.875, ["promotionName"] = "promo", ["metadata"] = new JsonObject { ["title"] = "Up" }, ["reason"] = new JsonArray("r1") },
                    new JsonObject { ["itemId"] = "i2", ["score"] = 0.125 }),
                ["recommendationId"] = "RID-1",
            }, method: "POST"),
        Error("InvalidInputException", "personalize-runtime", "GetRecommendations", new() { ["campaignArn"] = "arn:aws:personalize:us-east-1:123456789012:campaign/c" },
            new AwsServiceException("InvalidInputException", "userId is required.", 400),
            error => Assert.Equal(("InvalidInputException", "userId is required."), ((string?)error["Error"]!["Code"], (string?)error["Error"]!["Message"])),
            method: "POST"),
    ];

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Botocore_ReadsOurResponse(string name)
    {
        var (response, verdict) = verdicts.ByCase[name];
        Cases.Single(c => c.Name == name).Verify(response, verdict);
    }

    public sealed class Verdicts : IAsyncLifetime
    {
        internal Dictionary<string, (CapturedResponse Response, JsonObject Verdict)> ByCase { get; private set; } = [];

        public async Task InitializeAsync() => ByCase = await JudgeAsync(Cases);

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
