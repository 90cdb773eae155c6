using System.Text.Json.Nodes;

namespace Sagewright.Events.Tests;

/// <summary>An acknowledged event survives the process dying before or during its delivery.</summary>
public class DurabilityTests : EventsTestBase
{
    [Fact]
    public async Task AcknowledgedEvent_IsDeliveredByTheNextProcess_AfterACrashBeforeRouting()
    {
        await PutRuleAsync("r", """{"source":["s"]}""");
        await PutTargetAsync("r", FakeTargetOf("t", "durable"));
        var id = Text((await PutEventAsync("s", "d", "{}"))["Entries"]![0]!["EventId"]);
        await Host.StopAsync();

        Host = await EventsTestHost.StartAsync(Host.Storage, Host.Time);
        await Host.DrainAsync();
        Assert.Equal(id, Text(Assert.Single(Host.Fake.To("durable")).Event["id"]));
    }

    [Fact]
    public async Task ClaimedDelivery_OfADeadProcess_IsTakenOverWhenItsLeaseRunsOut()
    {
        await PutRuleAsync("r", """{"source":["s"]}""");
        await PutTargetAsync("r", FakeTargetOf("t", "slow"));
        var started = new TaskCompletionSource();
        Host.Fake.Behave = async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };
        await PutEventAsync("s", "d", "{}");
        await Host.Router.RouteOnceAsync(CancellationToken.None);
        using var crash = new CancellationTokenSource();
        var dispatching = Host.Dispatcher.DispatchOnceAsync(crash.Token);
        await started.Task;
        crash.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatching);
        await Host.StopAsync();

        Host = await EventsTestHost.StartAsync(Host.Storage, Host.Time);
        Assert.Equal(0, await Host.Dispatcher.DispatchOnceAsync(CancellationToken.None));
        Host.Time.Advance(TimeSpan.FromMinutes(2));
        await Host.DrainAsync();
        var delivered = Assert.Single(Host.Fake.To("slow"));
        Assert.Equal(1, delivered.Attempt);
    }
}

public class SchedulerTests : EventsTestBase
{
    [Fact]
    public async Task RateRule_FiresOncePerTick_WithAScheduledEvent()
    {
        var arn = Text((await EventsAsync("PutRule", new JsonObject { ["Name"] = "tick", ["ScheduleExpression"] = "rate(5 minutes)" }))["RuleArn"]);
        await PutTargetAsync("tick", FakeTargetOf("t", "ticks"));

        Assert.Equal(0, await Host.Scheduler.FireDueAsync(CancellationToken.None));
        Host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await Host.Scheduler.FireDueAsync(CancellationToken.None));
        Assert.Equal(0, await Host.Scheduler.FireDueAsync(CancellationToken.None));
        await Host.DrainAsync();

        var tick = Assert.Single(Host.Fake.To("ticks")).Event;
        Assert.Equal("aws.events", Text(tick["source"]));
        Assert.Equal("Scheduled Event", Text(tick["detail-type"]));
        Assert.Equal(arn, Text(tick["resources"]![0]));
        Assert.Equal("2026-03-01T12:05:00Z", Text(tick["time"]));
        Assert.Empty(tick["detail"]!.AsObject());
    }

    [Fact]
    public async Task DisabledScheduleRule_DoesNotFire()
    {
        await EventsAsync("PutRule", new JsonObject { ["Name"] = "tick", ["ScheduleExpression"] = "rate(1 minute)", ["State"] = "DISABLED" });
        await PutTargetAsync("tick", FakeTargetOf("t", "ticks"));
        Host.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, await Host.Scheduler.FireDueAsync(CancellationToken.None));
        await EventsAsync("EnableRule", new JsonObject { ["Name"] = "tick" });
        Host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Host.Scheduler.FireDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MissedTicks_AreNotCaughtUp()
    {
        await EventsAsync("PutRule", new JsonObject { ["Name"] = "tick", ["ScheduleExpression"] = "cron(0/10 * * * ? *)" });
        await PutTargetAsync("tick", FakeTargetOf("t", "ticks"));
        Host.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await Host.Scheduler.FireDueAsync(CancellationToken.None));
        Assert.Equal(0, await Host.Scheduler.FireDueAsync(CancellationToken.None));
        await Host.DrainAsync();
        Assert.Equal("2026-03-01T12:10:00Z", Text(Assert.Single(Host.Fake.To("ticks")).Event["time"]));
    }
}

public class ScheduleExpressionTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero); // a Sunday

    [Theory]
    [InlineData("rate(1 minute)", "2026-03-01T12:01:00Z")]
    [InlineData("rate(2 hours)", "2026-03-01T14:00:00Z")]
    [InlineData("rate(1 day)", "2026-03-02T12:00:00Z")]
    [InlineData("cron(15 10 * * ? *)", "2026-03-02T10:15:00Z")]
    [InlineData("cron(0 18 ? * MON-FRI *)", "2026-03-02T18:00:00Z")]
    [InlineData("cron(0 8 ? * 2 *)", "2026-03-02T08:00:00Z")]
    [InlineData("cron(0 8 ? * 1 *)", "2026-03-08T08:00:00Z")]
    [InlineData("cron(0 10 ? * 6#3 *)", "2026-03-20T10:00:00Z")]
    [InlineData("cron(0 0 L * ? *)", "2026-03-31T00:00:00Z")]
    [InlineData("cron(0 9 1W * ? *)", "2026-03-02T09:00:00Z")]
    [InlineData("cron(0 12 1 1 ? 2028)", "2028-01-01T12:00:00Z")]
    [InlineData("cron(0/5 * * * ? *)", "2026-03-01T12:05:00Z")]
    public void NextAfter_FollowsAwsRules(string expression, string expected)
    {
        Assert.True(ScheduleExpression.TryParse(expression, out var schedule));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule.NextAfter(Start));
    }

    [Theory]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(5 minute)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(5 seconds)")]
    [InlineData("cron(0 12 * * *)")]
    [InlineData("cron(0 12 * * * *)")]
    [InlineData("cron(0 12 ? * ? *)")]
    [InlineData("cron(0 12 * * ? 1969)")]
    [InlineData("every day")]
    public void TryParse_RejectsWhatAwsRejects(string expression) =>
        Assert.False(ScheduleExpression.TryParse(expression, out _));
}
