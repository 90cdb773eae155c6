using System.Text.Json.Nodes;
using Sagewright.Protocol.Contracts;

namespace Sagewright.Events.Tests;

public class RoutingTests : EventsTestBase
{
    [Fact]
    public async Task PutEvents_ReachesTargetsOfMatchingEnabledRulesOnly()
    {
        await PutRuleAsync("orders", """{"source":["shop"],"detail":{"total":[{"numeric":[">",100]}]}}""");
        await PutTargetAsync("orders", FakeTargetOf("t", "big-orders"));
        await PutRuleAsync("everything", """{"source":["shop"]}""");
        await PutTargetAsync("everything", FakeTargetOf("t", "all"));
        await PutRuleAsync("off", """{"source":["shop"]}""");
        await PutTargetAsync("off", FakeTargetOf("t", "disabled"));
        await EventsAsync("DisableRule", new JsonObject { ["Name"] = "off" });

        var id = Text((await PutEventAsync("shop", "Order Placed", """{"total":250}"""))["Entries"]![0]!["EventId"]);
        await PutEventAsync("shop", "Order Placed", """{"total":5}""");
        await PutEventAsync("bank", "Order Placed", """{"total":500}""");
        await Host.DrainAsync();

        var big = Assert.Single(Host.Fake.To("big-orders"));
        Assert.Equal(id, Text(big.Event["id"]));
        Assert.Equal(Account.AccountId, Text(big.Event["account"]));
        Assert.Equal("Order Placed", Text(big.Event["detail-type"]));
        Assert.Equal(250, big.Event["detail"]!["total"]!.GetValue<int>());
        Assert.Equal($"arn:aws:events:us-east-1:{Account.AccountId}:rule/orders", big.RuleArn);
        Assert.Equal(2, Host.Fake.To("all").Count);
        Assert.Empty(Host.Fake.To("disabled"));
    }

    [Fact]
    public async Task PublishedPlatformEvents_AreRoutedAfterTheirTransactionCommits()
    {
        await PutRuleAsync("approvals", """{"source":["aws.sagemaker"],"detail":{"ModelApprovalStatus":["Approved"]}}""");
        await PutTargetAsync("approvals", FakeTargetOf("t", "deploy"));
        await Host.Database.WriteAsync(async db =>
        {
            await Host.Publisher.PublishAsync(db, new PlatformEvent(Account.AccountId, "us-east-1", "aws.sagemaker",
                "SageMaker Model Package State Change", ["arn:aws:sagemaker:us-east-1:1:model-package/g/1"],
                new JsonObject { ["ModelApprovalStatus"] = "Approved" }, Host.Time.Now));
            return true;
        }, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Host.Database.WriteAsync<bool>(async db =>
        {
            await Host.Publisher.PublishAsync(db, new PlatformEvent(Account.AccountId, "us-east-1", "aws.sagemaker",
                "SageMaker Model Package State Change", [], new JsonObject { ["ModelApprovalStatus"] = "Approved" }, Host.Time.Now));
            throw new InvalidOperationException("the change failed, so its event must not exist");
        }, CancellationToken.None));
        await Host.DrainAsync();

        var delivered = Assert.Single(Host.Fake.To("deploy"));
        Assert.Equal("aws.sagemaker", Text(delivered.Event["source"]));
        Assert.Equal("2026-03-01T12:00:00Z", Text(delivered.Event["time"]));
    }

    [Fact]
    public async Task Targets_ReceiveTheirTransformedInput()
    {
        await PutRuleAsync("r", """{"source":["ec2"]}""");
        var transformer = FakeTargetOf("transformed", "transformed");
        transformer["InputTransformer"] = new JsonObject
        {
            ["InputPathsMap"] = new JsonObject { ["instance"] = "$.detail.instance-id", ["state"] = "$.detail.state" },
            ["InputTemplate"] = """{"instance": <instance>, "state": "<state>", "rule": "<aws.events.rule-name>"}""",
        };
        var path = FakeTargetOf("path", "path");
        path["InputPath"] = "$.detail";
        var constant = FakeTargetOf("constant", "constant");
        constant["Input"] = """{"fixed":true}""";
        await EventsAsync("PutTargets", new JsonObject { ["Rule"] = "r", ["Targets"] = new JsonArray(transformer, path, constant) });

        await PutEventAsync("ec2", "EC2 Instance State-change Notification", """{"instance-id":"i-0123456789","state":"RUNNING"}""");
        await Host.DrainAsync();

        Assert.Equal("""{"instance": "i-0123456789", "state": "RUNNING", "rule": "r"}""", Assert.Single(Host.Fake.To("transformed")).Payload);
        Assert.Equal("""{"instance-id":"i-0123456789","state":"RUNNING"}""", Assert.Single(Host.Fake.To("path")).Payload);
        Assert.Equal("""{"fixed":true}""", Assert.Single(Host.Fake.To("constant")).Payload);
    }

    [Fact]
    public async Task DeliveryAndTestEventPattern_Agree()
    {
        const string pattern = """{"detail":{"tags":[{"wildcard":"team-*"}]}}""";
        await PutRuleAsync("r", pattern);
        await PutTargetAsync("r", FakeTargetOf("t", "agree"));
        await PutEventAsync("s", "d", """{"tags":["x","team-ml"]}""");
        await Host.DrainAsync();
        var delivered = Assert.Single(Host.Fake.To("agree"));
        var tested = await EventsAsync("TestEventPattern", new JsonObject { ["Event"] = delivered.Event.ToJsonString(), ["EventPattern"] = pattern });
        Assert.True(tested["Result"]!.GetValue<bool>());
    }
}

public class RetryAndDeadLetterTests : EventsTestBase
{
    [Fact]
    public async Task RetryableFailure_IsRetriedWithGrowingBackoff_ThenDelivered()
    {
        await PutRuleAsync("r", """{"source":["s"]}""");
        await PutTargetAsync("r", FakeTargetOf("t", "flaky"));
        var calls = 0;
        Host.Fake.Behave = (_, _) => Task.FromResult(++calls < 3 ? TargetOutcome.Retry("503 Service Unavailable") : TargetOutcome.Success);

        await PutEventAsync("s", "d", "{}");
        await Host.DrainAsync();
        Assert.Equal(1, calls);
        // Not due yet: the first retry waits at least half of the first delay (1 s).
        Assert.Equal(0, await Host.Dispatcher.DispatchOnceAsync(CancellationToken.None));
        Host.Time.Advance(TimeSpan.FromSeconds(1));
        await Host.DrainAsync();
        Assert.Equal(2, calls);
        Host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Host.Dispatcher.DispatchOnceAsync(CancellationToken.None));
        Host.Time.Advance(TimeSpan.FromSeconds(1));
        await Host.DrainAsync();
        Assert.Equal(3, calls);
        Assert.Equal([1, 2, 3], Host.Fake.To("flaky").Select(i => i.Attempt));
        Assert.Empty(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
    }

    [Fact]
    public async Task NonRetryableFailure_IsDeadLettered_AndAnnouncedOnTheDefaultBus()
    {
        await PutRuleAsync("r", """{"source":["s"]}""");
        await PutTargetAsync("r", FakeTargetOf("t", "broken"));
        await PutRuleAsync("failures", """{"source":["sagewright.events"],"detail-type":["Event Delivery Failed"]}""");
        await PutTargetAsync("failures", FakeTargetOf("t", "alarm"));
        Host.Fake.Behave = (invocation, _) => Task.FromResult(invocation.Target["Arn"]!.GetValue<string>() == FakeTarget.Arn("broken")
            ? TargetOutcome.Fail("400 Bad Request")
            : TargetOutcome.Success);

        var id = Text((await PutEventAsync("s", "d", """{"n":1}"""))["Entries"]![0]!["EventId"]);
        await Host.DrainAsync();

        var letter = Assert.Single(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
        Assert.Equal(id, letter.EventId);
        Assert.Equal("400 Bad Request", letter.Reason);
        Assert.Equal(1, letter.Attempts);
        Assert.Equal(FakeTarget.Arn("broken"), letter.TargetArn);
        var announced = Assert.Single(Host.Fake.To("alarm")).Event;
        Assert.Equal("Event Delivery Failed", Text(announced["detail-type"]));
        Assert.Equal($"arn:aws:events:us-east-1:{Account.AccountId}:rule/r", Text(announced["detail"]!["RuleArn"]));
        Assert.Equal("t", Text(announced["detail"]!["TargetId"]));
        Assert.Equal(id, Text(announced["detail"]!["Event"]!["id"]));
    }

    [Fact]
    public async Task FailedAnnouncements_AreRecordedButNeverAnnouncedAgain()
    {
        await PutRuleAsync("r", """{"source":["s"]}""");
        await PutTargetAsync("r", FakeTargetOf("t", "broken"));
        await PutRuleAsync("failures", """{"source":["sagewright.events"]}""");
        await PutTargetAsync("failures", FakeTargetOf("t", "broken-too"));
        Host.Fake.Behave = (_, _) => Task.FromResult(TargetOutcome.Fail("down"));

        await PutEventAsync("s", "d", "{}");
        await Host.DrainAsync();

        var letters = await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None);
        Assert.Equal(2, letters.Count);
        Assert.Single(Host.Fake.To("broken-too"));
    }

    [Fact]
    public async Task RetriesExhausted_PerRetryPolicy_IsDeadLettered()
    {
        await PutRuleAsync("r", """{"source":["s"]}""");
        var target = FakeTargetOf("t", "never");
        target["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = 2 };
        await PutTargetAsync("r", target);
        Host.Fake.Behave = (_, _) => throw new HttpRequestException("connection refused");

        await PutEventAsync("s", "d", "{}");
        for (var i = 0; i < 5; i++)
        {
            await Host.DrainAsync();
            Host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(3, Host.Fake.To("never").Count);
        var letter = Assert.Single(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
        Assert.Equal(3, letter.Attempts);
        Assert.Contains("connection refused", letter.Reason);
        Assert.Contains("retries exhausted", letter.Reason);
    }

    [Fact]
    public async Task EventOlderThanMaximumEventAge_IsDeadLettered()
    {
        await PutRuleAsync("r", """{"source":["s"]}""");
        var target = FakeTargetOf("t", "slow");
        target["RetryPolicy"] = new JsonObject { ["MaximumEventAgeInSeconds"] = 60 };
        await PutTargetAsync("r", target);
        Host.Fake.Behave = (_, _) => Task.FromResult(TargetOutcome.Retry("busy"));

        await PutEventAsync("s", "d", "{}");
        await Host.DrainAsync();
        Host.Time.Advance(TimeSpan.FromSeconds(59));
        await Host.DrainAsync();

        var letter = Assert.Single(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
        Assert.Contains("MaximumEventAgeInSeconds 60", letter.Reason);
    }

    [Fact]
    public async Task ATargetOfAKindNoLongerInstalled_IsDeadLettered()
    {
        await PutRuleAsync("r", """{"source":["s"]}""");
        await PutTargetAsync("r", FakeTargetOf("t", "gone"));
        await PutEventAsync("s", "d", "{}");
        await Host.Router.RouteOnceAsync(CancellationToken.None);
        await Host.Database.WriteAsync(db => db.ExecuteAsync("UPDATE events_deliveries SET target_arn = 'arn:aws:nothing:us-east-1:1:x'"), CancellationToken.None);
        await Host.DrainAsync();
        var letter = Assert.Single(await Host.DeadLetters.ListAsync(Account.AccountId, 10, CancellationToken.None));
        Assert.Equal("No target kind delivers to arn:aws:nothing:us-east-1:1:x in this installation.", letter.Reason);
    }
}
