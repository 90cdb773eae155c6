using System.Text.Json.Nodes;

namespace Sagewright.Events.Tests;

public class RuleTests : EventsTestBase
{
    [Fact]
    public async Task PutRule_ThenDescribe_ShowsItsFields()
    {
        var arn = Text((await EventsAsync("PutRule", new JsonObject
        {
            ["Name"] = "approved",
            ["EventPattern"] = """{"source":["aws.sagemaker"]}""",
            ["Description"] = "approvals",
        }))["RuleArn"]);
        Assert.Equal($"arn:aws:events:us-east-1:{Account.AccountId}:rule/approved", arn);
        var rule = await EventsAsync("DescribeRule", new JsonObject { ["Name"] = "approved" });
        Assert.Equal("ENABLED", Text(rule["State"]));
        Assert.Equal("default", Text(rule["EventBusName"]));
        Assert.Equal("approvals", Text(rule["Description"]));
        Assert.Equal(Account.AccountId, Text(rule["CreatedBy"]));
    }

    [Fact]
    public async Task PutRule_OnCustomBus_HasTheBusInItsArn()
    {
        await EventsAsync("CreateEventBus", new JsonObject { ["Name"] = "orders" });
        var arn = Text((await PutRuleAsync("big", """{"source":["shop"]}""", bus: BusArn("orders")))["RuleArn"]);
        Assert.Equal($"arn:aws:events:us-east-1:{Account.AccountId}:rule/orders/big", arn);
    }

    public static TheoryData<JsonObject, string, string> InvalidRules => new()
    {
        { new JsonObject { ["Name"] = "r" }, "ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified." },
        { new JsonObject { ["Name"] = "r", ["ScheduleExpression"] = "rate(1 minutes)" }, "ValidationException", "Parameter ScheduleExpression is not valid." },
        { new JsonObject { ["Name"] = "r", ["ScheduleExpression"] = "cron(0 12 * * * *)" }, "ValidationException", "Parameter ScheduleExpression is not valid." },
        { new JsonObject { ["Name"] = "r", ["EventPattern"] = """{"source":"x"}""" }, "InvalidEventPatternException",
            "Event pattern is not valid. Reason: \"source\" must be an object or an array" },
        { new JsonObject { ["Name"] = "r", ["EventPattern"] = """{"ip":[{"cidr":"10.0.0.0"}]}""" }, "InvalidEventPatternException",
            "Event pattern is not valid. Reason: Malformed CIDR, one '/' required" },
        { new JsonObject { ["Name"] = "r", ["EventPattern"] = """{"source":["x"]}""", ["EventBusName"] = "ghost" }, "ResourceNotFoundException",
            "Event bus ghost does not exist." },
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public async Task PutRule_Invalid_FailsAsAws(JsonObject input, string code, string message)
    {
        var error = await FailsAsync("PutRule", input);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task PutRule_ScheduleOnCustomBus_IsValidationError()
    {
        await EventsAsync("CreateEventBus", new JsonObject { ["Name"] = "custom" });
        var error = await FailsAsync("PutRule", new JsonObject { ["Name"] = "tick", ["ScheduleExpression"] = "rate(5 minutes)", ["EventBusName"] = "custom" });
        Assert.Equal("ScheduleExpression is supported only on the default event bus.", error.Message);
    }

    [Fact]
    public async Task PutRule_PatternLongerThan4096_IsValidationError()
    {
        var pattern = $$"""{"source":["{{new string('a', 4100)}}"]}""";
        var error = await FailsAsync("PutRule", new JsonObject { ["Name"] = "long", ["EventPattern"] = pattern });
        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public async Task DescribeRule_WhenMissing_ThrowsResourceNotFound()
    {
        var error = await FailsAsync("DescribeRule", new JsonObject { ["Name"] = "nope" });
        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Rule nope does not exist on EventBus default.", error.Message);
    }

    [Fact]
    public async Task EnableAndDisableRule_ChangeItsState()
    {
        await PutRuleAsync("flip", """{"source":["x"]}""");
        await EventsAsync("DisableRule", new JsonObject { ["Name"] = "flip" });
        Assert.Equal("DISABLED", Text((await EventsAsync("DescribeRule", new JsonObject { ["Name"] = "flip" }))["State"]));
        await EventsAsync("EnableRule", new JsonObject { ["Name"] = "flip" });
        Assert.Equal("ENABLED", Text((await EventsAsync("DescribeRule", new JsonObject { ["Name"] = "flip" }))["State"]));
    }

    [Fact]
    public async Task ListRules_PagesByNameWithPrefix()
    {
        foreach (var name in new[] { "a-1", "a-2", "a-3", "b-1" })
        {
            await PutRuleAsync(name, """{"source":["x"]}""");
        }
        var first = await EventsAsync("ListRules", new JsonObject { ["NamePrefix"] = "a-", ["Limit"] = 2 });
        Assert.Equal(["a-1", "a-2"], first["Rules"]!.AsArray().Select(r => Text(r!["Name"])));
        var second = await EventsAsync("ListRules", new JsonObject { ["NamePrefix"] = "a-", ["NextToken"] = first["NextToken"]!.DeepClone() });
        Assert.Equal(["a-3"], second["Rules"]!.AsArray().Select(r => Text(r!["Name"])));
    }

    [Fact]
    public async Task DeleteRule_WithTargets_FailsUntilTheyAreRemoved()
    {
        await PutRuleAsync("busy", """{"source":["x"]}""");
        await PutTargetAsync("busy", FakeTargetOf("t1", "one"));
        var error = await FailsAsync("DeleteRule", new JsonObject { ["Name"] = "busy", ["Force"] = true });
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal("Rule can't be deleted since it has targets.", error.Message);

        await EventsAsync("RemoveTargets", new JsonObject { ["Rule"] = "busy", ["Ids"] = new JsonArray("t1") });
        await EventsAsync("DeleteRule", new JsonObject { ["Name"] = "busy" });
        Assert.Equal("ResourceNotFoundException", (await FailsAsync("DescribeRule", new JsonObject { ["Name"] = "busy" })).Code);
    }
}

public class TargetTests : EventsTestBase
{
    [Fact]
    public async Task PutTargets_ThenListTargetsByRuleAndRuleNamesByTarget()
    {
        await PutRuleAsync("r1", """{"source":["x"]}""");
        await PutRuleAsync("r2", """{"source":["y"]}""");
        var target = FakeTargetOf("t", "shared");
        target["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = 3, ["MaximumEventAgeInSeconds"] = 60 };
        var result = await PutTargetAsync("r1", target);
        Assert.Equal(0, result["FailedEntryCount"]!.GetValue<int>());
        await PutTargetAsync("r2", FakeTargetOf("t", "shared"));

        var listed = await EventsAsync("ListTargetsByRule", new JsonObject { ["Rule"] = "r1" });
        Assert.Equal(3, listed["Targets"]![0]!["RetryPolicy"]!["MaximumRetryAttempts"]!.GetValue<int>());
        var names = await EventsAsync("ListRuleNamesByTarget", new JsonObject { ["TargetArn"] = FakeTarget.Arn("shared") });
        Assert.Equal(["r1", "r2"], names["RuleNames"]!.AsArray().Select(n => Text(n)));
    }

    [Fact]
    public async Task PutTargets_WithAnArnNoKindDelivers_IsAFailedEntry_AndNotStored()
    {
        await PutRuleAsync("r", """{"source":["x"]}""");
        var result = await PutTargetAsync("r", new JsonObject { ["Id"] = "q", ["Arn"] = "arn:aws:sqs:us-east-1:123456789012:queue" });
        Assert.Equal(1, result["FailedEntryCount"]!.GetValue<int>());
        Assert.Equal("InvalidArgument", Text(result["FailedEntries"]![0]!["ErrorCode"]));
        Assert.Contains("arn:aws:sqs:us-east-1:123456789012:queue", Text(result["FailedEntries"]![0]!["ErrorMessage"]));
        Assert.Empty((await EventsAsync("ListTargetsByRule", new JsonObject { ["Rule"] = "r" }))["Targets"]!.AsArray());
    }

    [Fact]
    public async Task PutTargets_WhenTheKindRejects_ReportsItsCodeAndMessage()
    {
        await PutRuleAsync("r", """{"source":["x"]}""");
        Host.Fake.Check = new("ValidationException", "Unknown destination.");
        var entry = (await PutTargetAsync("r", FakeTargetOf("t", "bad")))["FailedEntries"]![0]!;
        Assert.Equal("ValidationException", Text(entry["ErrorCode"]));
        Assert.Equal("Unknown destination.", Text(entry["ErrorMessage"]));
    }

    [Fact]
    public async Task PutTargets_MoreThanFivePerRule_IsLimitExceeded()
    {
        await PutRuleAsync("r", """{"source":["x"]}""");
        var targets = new JsonArray(Enumerable.Range(1, 6).Select(i => (JsonNode?)FakeTargetOf($"t{i}", $"n{i}")).ToArray());
        var error = await FailsAsync("PutTargets", new JsonObject { ["Rule"] = "r", ["Targets"] = targets });
        Assert.Equal("LimitExceededException", error.Code);
    }

    public static TheoryData<JsonObject, string> InvalidInputs => new()
    {
        { new JsonObject { ["Input"] = "{}", ["InputPath"] = "$.detail" }, "Only one of Input, InputPath, or InputTransformer must be provided." },
        { new JsonObject { ["InputPath"] = "detail" }, "Target InputPath detail is not a valid JSON path." },
        { new JsonObject { ["Input"] = "{not json" }, "Target Input must be valid JSON text." },
        { new JsonObject { ["InputTransformer"] = new JsonObject { ["InputPathsMap"] = new JsonObject { ["x"] = "$..y" }, ["InputTemplate"] = "<x>" } },
            "InputPathsMap value for x is not a valid JSON path." },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task PutTargets_WithInvalidInput_IsValidationError(JsonObject extra, string message)
    {
        await PutRuleAsync("r", """{"source":["x"]}""");
        var target = FakeTargetOf("t", "n");
        foreach (var (key, value) in extra)
        {
            target[key] = value!.DeepClone();
        }
        var error = await FailsAsync("PutTargets", new JsonObject { ["Rule"] = "r", ["Targets"] = new JsonArray(target) });
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task PutTargets_RetryPolicyOutOfRange_IsRejectedByTheModel()
    {
        await PutRuleAsync("r", """{"source":["x"]}""");
        var target = FakeTargetOf("t", "n");
        target["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = 186 };
        var error = await FailsAsync("PutTargets", new JsonObject { ["Rule"] = "r", ["Targets"] = new JsonArray(target) });
        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("less than or equal to 185", error.Message);
    }
}
