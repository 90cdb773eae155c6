using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Events.Targets.ApiDestinations;
using Sagewright.Protocol.Contracts;

namespace Sagewright.Events.Targets.Tests;

/// <summary>The API-destination target delivering to a real HTTP server on loopback.</summary>
public class ApiDestinationDeliveryTests : TargetsTestBase
{
    private static readonly JsonObject Event = JsonNode.Parse("""
        {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"SageMaker Model Package State Change",
         "source":"aws.sagemaker","account":"111122223333","time":"2026-03-01T12:00:00Z","region":"us-east-1",
         "resources":["arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/3"],
         "detail":{"ModelPackageGroupName":"churn","ModelPackageVersion":3,"ModelApprovalStatus":"Approved"}}
        """)!.AsObject();

    protected override void Configure(EventTargetsOptions options) => options.ApiDestinationTimeout = TimeSpan.FromSeconds(1);

    private ApiDestinationTarget Target => Host.Target<ApiDestinationTarget>();

    private async Task<TargetOutcome> DeliverAsync(string destinationArn, JsonObject? httpParameters = null, string? payload = null)
    {
        var target = new JsonObject { ["Id"] = "t1", ["Arn"] = destinationArn };
        if (httpParameters is not null)
        {
            target["HttpParameters"] = httpParameters;
        }
        return await Target.DeliverAsync(new EventTargetInvocation(AccountId, "us-east-1", $"arn:aws:events:us-east-1:{AccountId}:rule/r",
            target, Event, payload ?? Event.ToJsonString(), 1), CancellationToken.None);
    }

    [Fact]
    public async Task Deliver_WithBasicConnection_PostsThePayloadWithAuthorizationAndAwsHeaders()
    {
        await using var server = await CapturingHttpServer.StartAsync();
        var destination = await CreateDestinationAsync("hook", await CreateBasicConnectionAsync("jenkins", "builder", "api-token"), server.BaseUrl + "/hook");

        var outcome = await DeliverAsync(destination);

        Assert.True(outcome.Delivered);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("builder:api-token")), request.Headers["Authorization"]);
        Assert.Equal("Amazon/EventBridge/ApiDestinations", request.Headers["User-Agent"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal(Event.ToJsonString(), request.Body);
    }

    [Fact]
    public async Task Deliver_WithApiKeyConnection_SendsTheKeyHeaderAndInvocationParameters()
    {
        await using var server = await CapturingHttpServer.StartAsync();
        var connection = await CreateApiKeyConnectionAsync("keyed", "x-api-key", "key-value", new JsonObject
        {
            ["HeaderParameters"] = new JsonArray(new JsonObject { ["Key"] = "X-Team", ["Value"] = "ml", ["IsValueSecret"] = false }),
            ["QueryStringParameters"] = new JsonArray(new JsonObject { ["Key"] = "token", ["Value"] = "secret-token", ["IsValueSecret"] = true }),
            ["BodyParameters"] = new JsonArray(new JsonObject { ["Key"] = "origin", ["Value"] = "sagewright", ["IsValueSecret"] = false }),
        });
        var destination = await CreateDestinationAsync("keyed", connection, server.BaseUrl + "/keyed");

        var outcome = await DeliverAsync(destination, payload: """{"hello":"world"}""");

        Assert.True(outcome.Delivered);
        var request = Assert.Single(server.Requests);
        Assert.Equal("key-value", request.Headers["x-api-key"]);
        Assert.Equal("ml", request.Headers["X-Team"]);
        Assert.Equal("?token=secret-token", request.Query);
        Assert.Equal("""{"hello":"world","origin":"sagewright"}""", request.Body);
    }

    [Fact]
    public async Task Deliver_FillsPathQueryAndHeadersFromJsonPathsIntoTheEvent()
    {
        await using var server = await CapturingHttpServer.StartAsync();
        var destination = await CreateDestinationAsync("jenkins", await CreateBasicConnectionAsync("jenkins"),
            server.BaseUrl + "/job/*/buildWithParameters", "GET");

        var outcome = await DeliverAsync(destination, new JsonObject
        {
            ["PathParameterValues"] = new JsonArray("$.detail.ModelPackageGroupName"),
            ["QueryStringParameters"] = new JsonObject { ["status"] = "$.detail.ModelApprovalStatus", ["package"] = "$.resources[0]", ["fixed"] = "yes please" },
            ["HeaderParameters"] = new JsonObject { ["X-Version"] = "$.detail.ModelPackageVersion", ["X-Static"] = "static" },
        });

        Assert.True(outcome.Delivered);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/job/churn/buildWithParameters", request.Path);
        var query = System.Web.HttpUtility.ParseQueryString(request.Query);
        Assert.Equal("Approved", query["status"]);
        Assert.Equal("arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/3", query["package"]);
        Assert.Equal("yes please", query["fixed"]);
        Assert.Equal("3", request.Headers["X-Version"]);
        Assert.Equal("static", request.Headers["X-Static"]);
        Assert.Equal("", request.Body);
    }

    [Theory]
    [InlineData(200, true, false)]
    [InlineData(204, true, false)]
    [InlineData(429, false, true)]
    [InlineData(500, false, true)]
    [InlineData(503, false, true)]
    [InlineData(400, false, false)]
    [InlineData(401, false, false)]
    [InlineData(404, false, false)]
    public async Task Deliver_ClassifiesTheAnswer(int status, bool delivered, bool retryable)
    {
        await using var server = await CapturingHttpServer.StartAsync();
        var destination = await CreateDestinationAsync("s", await CreateBasicConnectionAsync("c"), $"{server.BaseUrl}/status/{status}");

        var outcome = await DeliverAsync(destination);

        Assert.Equal(delivered, outcome.Delivered);
        Assert.Equal(retryable, outcome.Retryable);
        if (!delivered)
        {
            Assert.Contains(status.ToString(), outcome.Error);
        }
    }

    [Fact]
    public async Task Deliver_WhenTheEndpointIsTooSlow_TimesOutRetryably()
    {
        await using var server = await CapturingHttpServer.StartAsync();
        var destination = await CreateDestinationAsync("slow", await CreateBasicConnectionAsync("c"), server.BaseUrl + "/slow");
        var clock = Stopwatch.StartNew();

        var outcome = await DeliverAsync(destination);

        Assert.False(outcome.Delivered);
        Assert.True(outcome.Retryable);
        Assert.Contains("did not answer within 1 s", outcome.Error);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.9));
    }

    [Fact]
    public async Task Deliver_WhenNothingListens_IsRetryable()
    {
        var destination = await CreateDestinationAsync("closed", await CreateBasicConnectionAsync("c"), "http://127.0.0.1:1/nothing");

        var outcome = await DeliverAsync(destination);

        Assert.True(outcome.Retryable);
    }

    [Fact]
    public async Task Deliver_HonoursTheInvocationRateLimit()
    {
        await using var server = await CapturingHttpServer.StartAsync();
        var destination = await CreateDestinationAsync("limited", await CreateBasicConnectionAsync("c"), server.BaseUrl + "/limited", rate: 2);
        var clock = Stopwatch.StartNew();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => DeliverAsync(destination)));

        Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
        // 2 tokens now, 2 after one second, 1 after two: the fifth call cannot go before the second refill.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"5 calls at 2/s took only {clock.Elapsed}.");
        var times = server.Requests.Select(r => r.At).Order().ToArray();
        Assert.True(times[4] - times[0] >= TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Deliver_WithADeauthorizedConnection_FailsWithoutCalling()
    {
        await using var server = await CapturingHttpServer.StartAsync();
        var destination = await CreateDestinationAsync("d", await CreateBasicConnectionAsync("c"), server.BaseUrl + "/x");
        await EventsAsync("DeauthorizeConnection", new JsonObject { ["Name"] = "c" });

        var outcome = await DeliverAsync(destination);

        Assert.False(outcome.Delivered);
        Assert.False(outcome.Retryable);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Check_AcceptsAnExistingDestination_AndRejectsMissingOrForeignOnes()
    {
        var destination = await CreateDestinationAsync("d", await CreateBasicConnectionAsync("c"), "https://example.com/");
        var rule = $"arn:aws:events:us-east-1:{AccountId}:rule/r";
        JsonObject Definition(string arn) => new() { ["Id"] = "t", ["Arn"] = arn };

        var valid = await Target.CheckAsync(new EventTargetDefinition(AccountId, "us-east-1", rule, Definition(destination)), CancellationToken.None);
        var missing = await Target.CheckAsync(new EventTargetDefinition(AccountId, "us-east-1", rule,
            Definition(destination.Replace("api-destination/d/", "api-destination/gone/"))), CancellationToken.None);
        var foreign = await Target.CheckAsync(new EventTargetDefinition("999999999999", "us-east-1", rule, Definition(destination)), CancellationToken.None);

        Assert.True(valid.IsValid);
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
        Assert.Contains("'gone' does not exist", missing.ErrorMessage);
        Assert.False(foreign.IsValid);
        Assert.True(Target.Accepts(destination));
        Assert.False(Target.Accepts($"arn:aws:lambda:us-east-1:{AccountId}:function:f"));
    }
}
