using System.Text.Json.Nodes;

namespace Sagewright.Events.Tests;

public class PutEventsTests : EventsTestBase
{
    [Fact]
    public async Task PutEvents_AnswersPerEntry_EventIdOrErrorCode()
    {
        var result = await EventsAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(
                new JsonObject { ["Source"] = "shop", ["DetailType"] = "Order", ["Detail"] = """{"id":1}""" },
                new JsonObject { ["Source"] = "shop", ["DetailType"] = "Order", ["Detail"] = "[1,2]" },
                new JsonObject { ["Source"] = "shop", ["DetailType"] = "Order", ["Detail"] = "{oops" },
                new JsonObject { ["DetailType"] = "Order", ["Detail"] = "{}" },
                new JsonObject { ["Source"] = "shop", ["DetailType"] = "Order", ["Detail"] = "{}", ["EventBusName"] = "ghost" }),
        });
        Assert.Equal(4, result["FailedEntryCount"]!.GetValue<int>());
        var entries = result["Entries"]!.AsArray();
        Assert.True(Guid.TryParse(Text(entries[0]!["EventId"]), out _));
        Assert.Equal("MalformedDetail", Text(entries[1]!["ErrorCode"]));
        Assert.Equal("Detail is malformed.", Text(entries[2]!["ErrorMessage"]));
        Assert.Equal("InvalidArgument", Text(entries[3]!["ErrorCode"]));
        Assert.Equal("Parameter Source is not valid. Reason: Source is a required argument.", Text(entries[3]!["ErrorMessage"]));
        Assert.Equal("ResourceNotFoundException", Text(entries[4]!["ErrorCode"]));
    }

    [Fact]
    public async Task PutEvents_OverTheSizeLimit_IsValidationError()
    {
        var big = $$"""{"blob":"{{new string('x', 200 * 1024)}}"}""";
        var entry = new JsonObject { ["Source"] = "s", ["DetailType"] = "d", ["Detail"] = big };
        var error = await FailsAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(entry, entry.DeepClone()) });
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal("Total size of the entries in the request is over the limit.", error.Message);
    }

    [Fact]
    public async Task PutEvents_OnAnotherAccountsBus_NeedsItsPolicy()
    {
        var other = await Host.NewAccountAsync();
        var error = await FailsAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject { ["Source"] = "s", ["DetailType"] = "d", ["Detail"] = "{}", ["EventBusName"] = BusArn("default", other.AccountId) }),
        });
        Assert.Equal("AccessDeniedException", error.Code);

        await Host.CallAsync(other.Root, "events", "PutPermission", new JsonObject
        {
            ["Action"] = "events:PutEvents", ["Principal"] = Account.AccountId, ["StatementId"] = "in",
        });
        var ok = await PutEventAsync("s", "d", "{}", bus: BusArn("default", other.AccountId));
        Assert.Equal(0, ok["FailedEntryCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task PutRule_ByAUserWithoutPermission_IsAccessDenied()
    {
        var user = await Host.NewUserAsync(Account, "reader", Allow("events:Describe*"));
        var error = await FailsAsync("PutRule", new JsonObject { ["Name"] = "r", ["EventPattern"] = """{"source":["x"]}""" }, user);
        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Contains("events:PutRule", error.Message);
    }
}

public class TestEventPatternTests : EventsTestBase
{
    private const string Event = """
        {"id":"1","account":"123456789012","source":"aws.sagemaker","time":"2026-03-01T12:00:00Z","region":"us-east-1",
         "resources":["arn:aws:sagemaker:us-east-1:123456789012:model-package/g/1"],"detail-type":"SageMaker Model Package State Change",
         "detail":{"ModelApprovalStatus":"Approved","ModelPackageVersion":3}}
        """;

    [Theory]
    [InlineData("""{"source":["aws.sagemaker"]}""", true)]
    [InlineData("""{"detail":{"ModelApprovalStatus":["Approved"]}}""", true)]
    [InlineData("""{"detail":{"ModelApprovalStatus":["Rejected"]}}""", false)]
    [InlineData("""{"detail":{"ModelPackageVersion":[{"numeric":[">",2]}]}}""", true)]
    [InlineData("""{"detail-type":[{"prefix":"SageMaker Model"}],"source":[{"anything-but":"aws.s3"}]}""", true)]
    public async Task TestEventPattern_AnswersAsTheEngine(string pattern, bool expected)
    {
        var result = await EventsAsync("TestEventPattern", new JsonObject { ["Event"] = Event, ["EventPattern"] = pattern });
        Assert.Equal(expected, result["Result"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TestEventPattern_EventMissingAField_IsValidationError()
    {
        var error = await FailsAsync("TestEventPattern", new JsonObject { ["Event"] = """{"source":"x"}""", ["EventPattern"] = """{"source":["x"]}""" });
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal("Parameter Event is not valid.", error.Message);
    }

    [Fact]
    public async Task TestEventPattern_InvalidPattern_IsInvalidEventPattern()
    {
        var error = await FailsAsync("TestEventPattern", new JsonObject { ["Event"] = Event, ["EventPattern"] = """{"source":[{"prefix":1}]}""" });
        Assert.Equal("InvalidEventPatternException", error.Code);
        Assert.StartsWith("Event pattern is not valid. Reason: ", error.Message);
    }
}
