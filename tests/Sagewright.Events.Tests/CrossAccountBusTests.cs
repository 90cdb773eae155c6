using System.Text.Json.Nodes;

namespace Sagewright.Events.Tests;

/// <summary>Event-bus targets: same account always, another account only as its bus policy (and the role's) allow.</summary>
public class CrossAccountBusTests : EventsTestBase
{
    private TestAccount _receiver = null!;

    private async Task<string> ReceiverWithRuleAsync()
    {
        _receiver = await Host.NewAccountAsync();
        await Host.CallAsync(_receiver.Root, "events", "PutRule", new JsonObject { ["Name"] = "inbound", ["EventPattern"] = """{"source":["shop"]}""" });
        await Host.CallAsync(_receiver.Root, "events", "PutTargets", new JsonObject
        {
            ["Rule"] = "inbound",
            ["Targets"] = new JsonArray(FakeTargetOf("t", "receiver")),
        });
        return BusArn("default", _receiver.AccountId);
    }

    private Task AllowSenderAsync(string principal) => Host.CallAsync(_receiver.Root, "events", "PutPermission", new JsonObject
    {
        ["Action"] = "events:PutEvents", ["Principal"] = principal, ["StatementId"] = "sender",
    });

    private async Task<string> SendAsync(JsonObject target)
    {
        await PutRuleAsync("forward", """{"source":["shop"]}""");
        await PutTargetAsync("forward", target);
        var id = Text((await PutEventAsync("shop", "Order", """{"n":1}"""))["Entries"]![0]!["EventId"]);
        await Host.DrainAsync();
        return id;
    }

    [Fact]
    public async Task SameAccountBus_NeedsNoPolicy_AndKeepsTheEventUnchanged()
    {
        await EventsAsync("CreateEventBus", new JsonObject { ["Name"] = "audit" });
        await PutRuleAsync("audit-all", """{"source":["shop"]}""", bus: "audit");
        await PutTargetAsync("audit-all", FakeTargetOf("t", "audit"), bus: "audit");

        var id = await SendAsync(new JsonObject { ["Id"] = "bus", ["Arn"] = BusArn("audit") });

        var received = Assert.Single(Host.Fake.To("audit")).Event;
        Assert.Equal(id, Text(received["id"]));
        Assert.Equal(Account.AccountId, Text(received["account"]));
        Assert.Equal(1, received["detail"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task OtherAccountBus_WithoutPolicy_IsDeadLetteredAsDenied()
    {
        var bus = await ReceiverWithRuleAsync();
        await SendAsync(new JsonObject { ["Id"] = "bus", ["Arn"] = bus });

        Assert.Empty(Host.Fake.To("receiver"));
        var letter = Assert.Single(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
        Assert.Contains("is not authorized to perform: events:PutEvents", letter.Reason);
        Assert.Equal(1, letter.Attempts);
    }

    [Fact]
    public async Task OtherAccountBus_WhosePolicyAllowsTheSender_ReceivesTheEvent()
    {
        var bus = await ReceiverWithRuleAsync();
        await AllowSenderAsync(Account.AccountId);
        var id = await SendAsync(new JsonObject { ["Id"] = "bus", ["Arn"] = bus });

        var received = Assert.Single(Host.Fake.To("receiver"));
        Assert.Equal(id, Text(received.Event["id"]));
        Assert.Equal(Account.AccountId, Text(received.Event["account"]));
        Assert.Equal(_receiver.AccountId, received.RuleAccountId);
    }

    [Fact]
    public async Task WithRoleArn_TheRoleMustBeAllowedByItsPolicyAndTheBusPolicy()
    {
        var bus = await ReceiverWithRuleAsync();
        await AllowSenderAsync(Account.AccountId);
        var role = await Host.NewEventsRoleAsync(Account, "forwarder", Allow("events:PutEvents", bus));
        await SendAsync(new JsonObject { ["Id"] = "bus", ["Arn"] = bus, ["RoleArn"] = role });
        Assert.Single(Host.Fake.To("receiver"));
    }

    [Fact]
    public async Task WithRoleArn_WithoutIdentityPolicy_IsDenied()
    {
        var bus = await ReceiverWithRuleAsync();
        await AllowSenderAsync(Account.AccountId);
        var role = await Host.NewEventsRoleAsync(Account, "powerless", policy: null);
        await SendAsync(new JsonObject { ["Id"] = "bus", ["Arn"] = bus, ["RoleArn"] = role });

        Assert.Empty(Host.Fake.To("receiver"));
        var letter = Assert.Single(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
        Assert.Contains("assumed-role/powerless", letter.Reason);
    }

    [Fact]
    public async Task WithAnUntrustedRole_IsDenied()
    {
        var bus = await ReceiverWithRuleAsync();
        await AllowSenderAsync(Account.AccountId);
        await SendAsync(new JsonObject { ["Id"] = "bus", ["Arn"] = bus, ["RoleArn"] = $"arn:aws:iam::{Account.AccountId}:role/missing" });

        var letter = Assert.Single(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
        Assert.Contains("events.amazonaws.com is not authorized to perform: sts:AssumeRole", letter.Reason);
    }

    [Fact]
    public async Task ForwardedEvent_IsNotForwardedToAThirdBus()
    {
        var bus = await ReceiverWithRuleAsync();
        await AllowSenderAsync(Account.AccountId);
        // The receiver forwards what it gets back to the sender, which would loop without the hop limit.
        await Host.CallAsync(_receiver.Root, "events", "PutTargets", new JsonObject
        {
            ["Rule"] = "inbound",
            ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "back", ["Arn"] = BusArn("default") }),
        });
        await EventsAsync("PutPermission", new JsonObject { ["Action"] = "events:PutEvents", ["Principal"] = _receiver.AccountId, ["StatementId"] = "back" });
        await PutRuleAsync("local", """{"source":["shop"]}""");
        await PutTargetAsync("local", FakeTargetOf("t", "sender-local"));

        await SendAsync(new JsonObject { ["Id"] = "bus", ["Arn"] = bus });

        Assert.Single(Host.Fake.To("receiver"));
        Assert.Single(Host.Fake.To("sender-local"));
        Assert.Empty(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
        var letter = Assert.Single(await Host.DeadLetters.ListAsync(_receiver.AccountId, 10, CancellationToken.None));
        Assert.Equal(EventRouter.NotForwarded, letter.Reason);
        Assert.Equal(BusArn("default"), letter.TargetArn);
    }
}
