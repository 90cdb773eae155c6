using System.Text.Json.Nodes;

namespace Sagewright.Events.Tests;

/// <summary>Handing EventBridge a role (a target's or a rule's RoleArn) needs iam:PassRole on that role, as in AWS.</summary>
public class PassRoleTests : EventsTestBase
{
    private const string EventsOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"events:*","Resource":"*"}]}""";

    private string _role = null!;
    private string _otherRole = null!;

    private async Task RolesAsync()
    {
        _role = await Host.NewEventsRoleAsync(Account, "delivery", Allow("events:PutEvents"));
        _otherRole = await Host.NewEventsRoleAsync(Account, "admin", Allow("*"));
        await PutRuleAsync("r", """{"source":["shop"]}""");
    }

    /// <summary>events:* plus iam:PassRole on <paramref name="passable"/> (with an optional condition).</summary>
    private static string EventsAndPassRole(string passable, string condition = "") =>
        $$"""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"events:*","Resource":"*"},
          {"Effect":"Allow","Action":"iam:PassRole","Resource":"{{passable}}"{{condition}}}]}
        """;

    private static JsonObject WithRole(JsonObject target, string role)
    {
        target["RoleArn"] = role;
        return target;
    }

    private async Task<int> TargetCountAsync() =>
        (await EventsAsync("ListTargetsByRule", new JsonObject { ["Rule"] = "r" }))["Targets"]!.AsArray().Count;

    [Fact]
    public async Task PutTargets_WithARole_ByAUserWithoutPassRole_IsDeniedAndStoresNothing()
    {
        await RolesAsync();
        var user = await Host.NewUserAsync(Account, "builder", EventsOnly);

        var error = await FailsAsync("PutTargets", new JsonObject
        {
            ["Rule"] = "r",
            ["Targets"] = new JsonArray(FakeTargetOf("plain", "plain"), WithRole(FakeTargetOf("t", "with-role"), _role)),
        }, user);

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.StartsWith($"User: {user.Arn} is not authorized to perform: iam:PassRole on resource: {_role}", error.Message);
        Assert.Equal(0, await TargetCountAsync());
        // Without a role the same user may add the target.
        await PutTargetAsync("r", FakeTargetOf("plain", "plain"), caller: user);
        Assert.Equal(1, await TargetCountAsync());
    }

    [Fact]
    public async Task PutTargets_WithPassRoleOnThatRole_IsAllowed_ButNotForAnotherRole()
    {
        await RolesAsync();
        var user = await Host.NewUserAsync(Account, "builder", EventsAndPassRole(_role));

        var put = await PutTargetAsync("r", WithRole(FakeTargetOf("t", "with-role"), _role), caller: user);
        Assert.Equal(0, put["FailedEntryCount"]!.GetValue<int>());
        var stored = Assert.Single((await EventsAsync("ListTargetsByRule", new JsonObject { ["Rule"] = "r" }))["Targets"]!.AsArray());
        Assert.Equal(_role, Text(stored!["RoleArn"]));

        var error = await FailsAsync("PutTargets", new JsonObject
        {
            ["Rule"] = "r",
            ["Targets"] = new JsonArray(WithRole(FakeTargetOf("t2", "other"), _otherRole)),
        }, user);
        Assert.Equal("AccessDeniedException", error.Code);
        Assert.StartsWith($"User: {user.Arn} is not authorized to perform: iam:PassRole on resource: {_otherRole}", error.Message);
        Assert.Equal(1, await TargetCountAsync());
    }

    [Fact]
    public async Task PassRole_LimitedToAnotherService_DoesNotLetTheRoleBePassedToEvents()
    {
        await RolesAsync();
        const string toSageMaker = ""","Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}""";
        const string toEvents = ""","Condition":{"StringEquals":{"iam:PassedToService":"events.amazonaws.com"}}""";
        var sagemakerOnly = await Host.NewUserAsync(Account, "sagemaker-only", EventsAndPassRole(_role, toSageMaker));
        var eventsOnly = await Host.NewUserAsync(Account, "events-only", EventsAndPassRole(_role, toEvents));

        var error = await FailsAsync("PutTargets", new JsonObject
        {
            ["Rule"] = "r",
            ["Targets"] = new JsonArray(WithRole(FakeTargetOf("t", "with-role"), _role)),
        }, sagemakerOnly);
        Assert.Contains("iam:PassRole", error.Message);

        await PutTargetAsync("r", WithRole(FakeTargetOf("t", "with-role"), _role), caller: eventsOnly);
        Assert.Equal(1, await TargetCountAsync());
    }

    [Fact]
    public async Task PutRule_WithARole_NeedsPassRoleOnIt()
    {
        await RolesAsync();
        var denied = await Host.NewUserAsync(Account, "no-pass", EventsOnly);
        var allowed = await Host.NewUserAsync(Account, "pass", EventsAndPassRole(_role));
        JsonObject Rule(string name, string role) => new() { ["Name"] = name, ["EventPattern"] = """{"source":["x"]}""", ["RoleArn"] = role };

        var error = await FailsAsync("PutRule", Rule("denied", _role), denied);
        Assert.Equal("AccessDeniedException", error.Code);
        Assert.StartsWith($"User: {denied.Arn} is not authorized to perform: iam:PassRole on resource: {_role}", error.Message);
        await FailsAsync("DescribeRule", new JsonObject { ["Name"] = "denied" });

        await EventsAsync("PutRule", Rule("allowed", _role), allowed);
        Assert.Equal(_role, Text((await EventsAsync("DescribeRule", new JsonObject { ["Name"] = "allowed" }))["RoleArn"]));

        error = await FailsAsync("PutRule", Rule("other", _otherRole), allowed);
        Assert.Contains($"iam:PassRole on resource: {_otherRole}", error.Message);
    }

    [Fact]
    public async Task AccountRoot_MayPassAnyRoleOfItsAccount()
    {
        await RolesAsync();
        await EventsAsync("PutRule", new JsonObject { ["Name"] = "r", ["EventPattern"] = """{"source":["x"]}""", ["RoleArn"] = _otherRole });
        await PutTargetAsync("r", WithRole(FakeTargetOf("t", "with-role"), _role));
        Assert.Equal(1, await TargetCountAsync());
    }
}
