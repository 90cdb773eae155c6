using System.Text.Json.Nodes;

namespace Sagewright.Events.Targets.Tests;

public class ApiDestinationTests : TargetsTestBase
{
    [Fact]
    public async Task CreateApiDestination_IsActive_AndDescribeShowsIt()
    {
        var connection = await CreateBasicConnectionAsync("jenkins");

        var arn = await CreateDestinationAsync("deploy", connection, "https://jenkins.example.com/job/*/buildWithParameters", "GET", rate: 5);

        Assert.Matches($"^arn:aws:events:us-east-1:{AccountId}:api-destination/deploy/[0-9a-f-]{{36}}$", arn);
        var described = await EventsAsync("DescribeApiDestination", new JsonObject { ["Name"] = "deploy" });
        Assert.Equal("ACTIVE", Text(described["ApiDestinationState"]));
        Assert.Equal(connection, Text(described["ConnectionArn"]));
        Assert.Equal("https://jenkins.example.com/job/*/buildWithParameters", Text(described["InvocationEndpoint"]));
        Assert.Equal("GET", Text(described["HttpMethod"]));
        Assert.Equal(5, described["InvocationRateLimitPerSecond"]!.GetValue<long>());
    }

    [Fact]
    public async Task CreateApiDestination_DefaultsTheRateTo300()
    {
        await CreateDestinationAsync("default-rate", await CreateBasicConnectionAsync("c"), "https://example.com/");

        var described = await EventsAsync("DescribeApiDestination", new JsonObject { ["Name"] = "default-rate" });

        Assert.Equal(300, described["InvocationRateLimitPerSecond"]!.GetValue<long>());
    }

    [Fact]
    public async Task CreateApiDestination_WithUnknownConnection_ThrowsResourceNotFound()
    {
        var missing = $"arn:aws:events:us-east-1:{AccountId}:connection/nope/3c4a5b6d-0000-4000-8000-000000000000";

        var error = await Assert.ThrowsAsync<Core.AwsServiceException>(() => CreateDestinationAsync("d", missing, "https://example.com/"));

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Failed to describe the connection(s). Connection 'nope' does not exist.", error.Message);
    }

    [Fact]
    public async Task CreateApiDestination_WithAnotherAccountsConnection_ThrowsResourceNotFound()
    {
        var connection = await CreateBasicConnectionAsync("theirs");
        var other = Core.CallerIdentity.Root(await Host.NewAccountAsync());

        var error = await FailsAsync("CreateApiDestination", new JsonObject
        {
            ["Name"] = "d", ["ConnectionArn"] = connection, ["InvocationEndpoint"] = "https://example.com/", ["HttpMethod"] = "POST",
        }, other);

        Assert.Equal("ResourceNotFoundException", error.Code);
    }

    [Fact]
    public async Task CreateApiDestination_WhenNameTaken_ThrowsResourceAlreadyExists()
    {
        var connection = await CreateBasicConnectionAsync("c");
        await CreateDestinationAsync("taken", connection, "https://example.com/");

        var error = await Assert.ThrowsAsync<Core.AwsServiceException>(() => CreateDestinationAsync("taken", connection, "https://example.com/"));

        Assert.Equal("ResourceAlreadyExistsException", error.Code);
        Assert.Equal("An api-destination 'taken' already exists.", error.Message);
    }

    [Theory]
    [InlineData("ftp://example.com/file")]
    [InlineData("relative/path")]
    public async Task CreateApiDestination_WithANonHttpEndpoint_ThrowsValidation(string endpoint)
    {
        var connection = await CreateBasicConnectionAsync("c");

        var error = await Assert.ThrowsAsync<Core.AwsServiceException>(() => CreateDestinationAsync("bad", connection, endpoint));

        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public async Task UpdateApiDestination_ChangesOnlyWhatIsGiven()
    {
        var connection = await CreateBasicConnectionAsync("c");
        await CreateDestinationAsync("d", connection, "https://example.com/a", "POST", rate: 10);

        await EventsAsync("UpdateApiDestination", new JsonObject { ["Name"] = "d", ["HttpMethod"] = "PUT", ["Description"] = "put it" });

        var described = await EventsAsync("DescribeApiDestination", new JsonObject { ["Name"] = "d" });
        Assert.Equal("PUT", Text(described["HttpMethod"]));
        Assert.Equal("https://example.com/a", Text(described["InvocationEndpoint"]));
        Assert.Equal(10, described["InvocationRateLimitPerSecond"]!.GetValue<long>());
        Assert.Equal("put it", Text(described["Description"]));
    }

    [Fact]
    public async Task DeleteApiDestination_RemovesIt_AndAgainIsNotFound()
    {
        await CreateDestinationAsync("d", await CreateBasicConnectionAsync("c"), "https://example.com/");

        await EventsAsync("DeleteApiDestination", new JsonObject { ["Name"] = "d" });

        var error = await FailsAsync("DeleteApiDestination", new JsonObject { ["Name"] = "d" });
        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Failed to describe the api-destination(s). An api-destination 'd' does not exist.", error.Message);
    }

    [Fact]
    public async Task ListApiDestinations_FiltersByConnection_AndPages()
    {
        var first = await CreateBasicConnectionAsync("first");
        var second = await CreateBasicConnectionAsync("second");
        await CreateDestinationAsync("a", first, "https://example.com/a");
        await CreateDestinationAsync("b", first, "https://example.com/b");
        await CreateDestinationAsync("c", second, "https://example.com/c");

        var byConnection = await EventsAsync("ListApiDestinations", new JsonObject { ["ConnectionArn"] = first });
        var page = await EventsAsync("ListApiDestinations", new JsonObject { ["Limit"] = 2 });
        var rest = await EventsAsync("ListApiDestinations", new JsonObject { ["Limit"] = 2, ["NextToken"] = page["NextToken"]!.DeepClone() });

        Assert.Equal(["a", "b"], byConnection["ApiDestinations"]!.AsArray().Select(d => Text(d!["Name"])));
        Assert.Equal(["a", "b"], page["ApiDestinations"]!.AsArray().Select(d => Text(d!["Name"])));
        Assert.Equal(["c"], rest["ApiDestinations"]!.AsArray().Select(d => Text(d!["Name"])));
    }
}
