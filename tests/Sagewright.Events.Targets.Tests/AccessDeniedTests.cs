using System.Text.Json.Nodes;

namespace Sagewright.Events.Targets.Tests;

/// <summary>Every operation needs its events:* action: a user with no policy is denied before anything changes.</summary>
public class AccessDeniedTests : TargetsTestBase
{
    public static TheoryData<string, string> Operations() => new()
    {
        { "CreateConnection", """{"Name":"c","AuthorizationType":"BASIC","AuthParameters":{"BasicAuthParameters":{"Username":"u","Password":"p"}}}""" },
        { "DescribeConnection", """{"Name":"c"}""" },
        { "ListConnections", "{}" },
        { "UpdateConnection", """{"Name":"c"}""" },
        { "DeleteConnection", """{"Name":"c"}""" },
        { "DeauthorizeConnection", """{"Name":"c"}""" },
        { "CreateApiDestination", """{"Name":"d","ConnectionArn":"arn:aws:events:us-east-1:ACCOUNT:connection/c/00000000-0000-4000-8000-000000000000","InvocationEndpoint":"https://example.com/","HttpMethod":"POST"}""" },
        { "DescribeApiDestination", """{"Name":"d"}""" },
        { "ListApiDestinations", "{}" },
        { "UpdateApiDestination", """{"Name":"d"}""" },
        { "DeleteApiDestination", """{"Name":"d"}""" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_WithoutPermission_IsDenied(string operation, string input)
    {
        var user = await Host.NewUserAsync(AccountId, "denied");

        var error = await FailsAsync(operation, JsonNode.Parse(input.Replace("ACCOUNT", AccountId))!.AsObject(), user);

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Contains($"is not authorized to perform: events:{operation}", error.Message);
        Assert.Empty((await EventsAsync("ListConnections"))["Connections"]!.AsArray());
    }

    [Fact]
    public void EveryRegisteredOperation_HasAnAccessDeniedCase()
    {
        var registered = Host.Registry.All.Where(r => r.Operation.Service.Name == "events").Select(r => r.Operation.Name).Order();

        Assert.Equal(Operations().Select(row => (string)row[0]).Order(), registered);
    }

    [Fact]
    public async Task Operation_AllowedOnOneConnectionOnly_IsDeniedOnAnother()
    {
        await CreateBasicConnectionAsync("allowed");
        await CreateBasicConnectionAsync("other");
        var user = await Host.NewUserAsync(AccountId, "scoped",
            Allow("events:DescribeConnection", $"arn:aws:events:us-east-1:{AccountId}:connection/allowed*"));

        await EventsAsync("DescribeConnection", new JsonObject { ["Name"] = "allowed" }, user);
        var error = await FailsAsync("DescribeConnection", new JsonObject { ["Name"] = "other" }, user);

        Assert.Equal("AccessDeniedException", error.Code);
    }
}
