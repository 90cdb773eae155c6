using System.Text.Json.Nodes;

namespace Sagewright.Events.Tests;

public class EventBusTests : EventsTestBase
{
    [Fact]
    public async Task CreateEventBus_ThenDescribeAndList_ShowIt()
    {
        var created = await EventsAsync("CreateEventBus", new JsonObject { ["Name"] = "orders", ["Description"] = "Order events" });
        Assert.Equal(BusArn("orders"), Text(created["EventBusArn"]));

        var described = await EventsAsync("DescribeEventBus", new JsonObject { ["Name"] = BusArn("orders") });
        Assert.Equal("orders", Text(described["Name"]));
        Assert.Equal("Order events", Text(described["Description"]));
        Assert.NotNull(described["CreationTime"]);

        var listed = await EventsAsync("ListEventBuses");
        Assert.Equal(["default", "orders"], listed["EventBuses"]!.AsArray().Select(b => Text(b!["Name"])));
    }

    [Fact]
    public async Task DescribeEventBus_WithoutName_IsTheImplicitDefaultBus()
    {
        var described = await EventsAsync("DescribeEventBus");
        Assert.Equal("default", Text(described["Name"]));
        Assert.Equal(BusArn("default"), Text(described["Arn"]));
    }

    [Theory]
    [InlineData("default", "ResourceAlreadyExistsException", "Event bus default already exists.")]
    [InlineData("a/b", "ValidationException", "Event bus name must not contain '/'.")]
    public async Task CreateEventBus_WithReservedOrInvalidName_Fails(string name, string code, string message)
    {
        var error = await FailsAsync("CreateEventBus", new JsonObject { ["Name"] = name });
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task CreateEventBus_Twice_IsResourceAlreadyExists()
    {
        await EventsAsync("CreateEventBus", new JsonObject { ["Name"] = "twice" });
        var error = await FailsAsync("CreateEventBus", new JsonObject { ["Name"] = "twice" });
        Assert.Equal("ResourceAlreadyExistsException", error.Code);
        Assert.Equal("Event bus twice already exists.", error.Message);
    }

    [Fact]
    public async Task DescribeEventBus_WhenMissing_ThrowsResourceNotFound()
    {
        var error = await FailsAsync("DescribeEventBus", new JsonObject { ["Name"] = "nope" });
        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Event bus nope does not exist.", error.Message);
    }

    [Fact]
    public async Task DeleteEventBus_Default_IsValidationError_AndOthersGoAway()
    {
        var error = await FailsAsync("DeleteEventBus", new JsonObject { ["Name"] = "default" });
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal("Cannot delete event bus default.", error.Message);

        await EventsAsync("CreateEventBus", new JsonObject { ["Name"] = "temp" });
        await EventsAsync("DeleteEventBus", new JsonObject { ["Name"] = "temp" });
        Assert.Equal("ResourceNotFoundException", (await FailsAsync("DescribeEventBus", new JsonObject { ["Name"] = "temp" })).Code);
    }

    [Fact]
    public async Task ListEventBuses_PagesWithPrefixAndLimit()
    {
        foreach (var name in new[] { "team-a", "team-b", "team-c", "other" })
        {
            await EventsAsync("CreateEventBus", new JsonObject { ["Name"] = name });
        }
        var first = await EventsAsync("ListEventBuses", new JsonObject { ["NamePrefix"] = "team-", ["Limit"] = 2 });
        Assert.Equal(["team-a", "team-b"], first["EventBuses"]!.AsArray().Select(b => Text(b!["Name"])));
        var second = await EventsAsync("ListEventBuses", new JsonObject { ["NamePrefix"] = "team-", ["Limit"] = 2, ["NextToken"] = first["NextToken"]!.DeepClone() });
        Assert.Equal(["team-c"], second["EventBuses"]!.AsArray().Select(b => Text(b!["Name"])));
        Assert.Null(second["NextToken"]);
    }

    [Fact]
    public async Task Tags_OnBusAndRule_AreListedAndRemoved()
    {
        await EventsAsync("CreateEventBus", new JsonObject { ["Name"] = "tagged", ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "ml" }) });
        var rule = Text((await PutRuleAsync("r", """{"source":["x"]}"""))["RuleArn"]);
        await EventsAsync("TagResource", new JsonObject { ["ResourceARN"] = rule, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "env", ["Value"] = "prod" }) });

        var busTags = await EventsAsync("ListTagsForResource", new JsonObject { ["ResourceARN"] = BusArn("tagged") });
        Assert.Equal("ml", Text(busTags["Tags"]![0]!["Value"]));
        await EventsAsync("UntagResource", new JsonObject { ["ResourceARN"] = rule, ["TagKeys"] = new JsonArray("env") });
        Assert.Empty((await EventsAsync("ListTagsForResource", new JsonObject { ["ResourceARN"] = rule }))["Tags"]!.AsArray());

        var missing = await FailsAsync("ListTagsForResource", new JsonObject { ["ResourceARN"] = BusArn("ghost") });
        Assert.Equal("ResourceNotFoundException", missing.Code);
    }
}

public class BusPermissionTests : EventsTestBase
{
    [Fact]
    public async Task PutPermission_AddsStatement_VisibleInDescribe_AndRemovePermissionTakesItAway()
    {
        await EventsAsync("PutPermission", new JsonObject
        {
            ["Action"] = "events:PutEvents",
            ["Principal"] = "111122223333",
            ["StatementId"] = "partner",
        });
        var policy = JsonNode.Parse(Text((await EventsAsync("DescribeEventBus"))["Policy"]))!;
        var statement = policy["Statement"]![0]!;
        Assert.Equal("partner", Text(statement["Sid"]));
        Assert.Equal("arn:aws:iam::111122223333:root", Text(statement["Principal"]!["AWS"]));
        Assert.Equal(BusArn("default"), Text(statement["Resource"]));

        await EventsAsync("RemovePermission", new JsonObject { ["StatementId"] = "partner" });
        Assert.Null((await EventsAsync("DescribeEventBus"))["Policy"]);
    }

    [Fact]
    public async Task PutPermission_WithOrganizationCondition_WritesStringEquals()
    {
        await EventsAsync("PutPermission", new JsonObject
        {
            ["Action"] = "events:PutEvents",
            ["Principal"] = "*",
            ["StatementId"] = "org",
            ["Condition"] = new JsonObject { ["Type"] = "StringEquals", ["Key"] = "aws:PrincipalOrgID", ["Value"] = "o-123" },
        });
        var statement = JsonNode.Parse(Text((await EventsAsync("DescribeEventBus"))["Policy"]))!["Statement"]![0]!;
        Assert.Equal("*", Text(statement["Principal"]));
        Assert.Equal("o-123", Text(statement["Condition"]!["StringEquals"]!["aws:PrincipalOrgID"]));
    }

    [Theory]
    [InlineData("events:PutRule", "Provided value in parameter 'action' is not supported.")]
    public async Task PutPermission_WithUnsupportedAction_IsValidationError(string action, string message)
    {
        var error = await FailsAsync("PutPermission", new JsonObject { ["Action"] = action, ["Principal"] = "111122223333", ["StatementId"] = "s" });
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task RemovePermission_Errors_AreResourceNotFound()
    {
        Assert.Equal("EventBus does not have a policy.", (await FailsAsync("RemovePermission", new JsonObject { ["StatementId"] = "x" })).Message);
        await EventsAsync("PutPermission", new JsonObject { ["Action"] = "events:PutEvents", ["Principal"] = "111122223333", ["StatementId"] = "a" });
        var error = await FailsAsync("RemovePermission", new JsonObject { ["StatementId"] = "x" });
        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Statement with the provided id does not exist.", error.Message);
        await EventsAsync("RemovePermission", new JsonObject { ["RemoveAllPermissions"] = true });
        Assert.Null((await EventsAsync("DescribeEventBus"))["Policy"]);
    }

    [Fact]
    public async Task PutPermission_WithWholePolicy_ReplacesIt()
    {
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Sid":"all","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"{{BusArn("default")}}"}]}""";
        await EventsAsync("PutPermission", new JsonObject { ["Policy"] = policy });
        Assert.Equal(policy, Text((await EventsAsync("DescribeEventBus"))["Policy"]));
    }
}
