using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Hosting.Tests;

public class ListModelsTests : HostingTestBase
{
    private async Task CreateAtAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await CreateModelAsync(name);
            Host.Time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private static string[] Names(JsonObject output, string list = "Models", string member = "ModelName") =>
        output[list]!.AsArray().Select(m => Text(m![member])).ToArray();

    [Fact]
    public async Task ListModels_ByDefault_IsNewestFirst()
    {
        await CreateAtAsync("first", "second", "third");

        var output = await SageMakerAsync("ListModels", new JsonObject());

        Assert.Equal(["third", "second", "first"], Names(output));
        Assert.Equal(ModelArn("third"), Text(output["Models"]![0]!["ModelArn"]));
        Assert.Null(output["NextToken"]);
    }

    [Fact]
    public async Task ListModels_NameContainsAndSortByName_FilterAndOrder()
    {
        await CreateAtAsync("mnist-b", "other", "MNIST-a");

        var output = await SageMakerAsync("ListModels", new JsonObject
        {
            ["NameContains"] = "mnist",
            ["SortBy"] = "Name",
            ["SortOrder"] = "Ascending",
        });

        Assert.Equal(["MNIST-a", "mnist-b"], Names(output));
    }

    [Fact]
    public async Task ListModels_CreationTimeFilters_KeepOnlyTheWindow()
    {
        var start = Host.Time.Now;
        await CreateAtAsync("a", "b", "c");

        var output = await SageMakerAsync("ListModels", new JsonObject
        {
            ["CreationTimeAfter"] = start.ToUnixTimeSeconds(),
            ["CreationTimeBefore"] = start.AddMinutes(2).ToUnixTimeSeconds(),
        });

        Assert.Equal(["b"], Names(output));
    }

    [Fact]
    public async Task ListModels_PagesWithNextToken_WithoutRepeatsOrGaps()
    {
        await CreateAtAsync("m1", "m2", "m3", "m4", "m5");

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var input = new JsonObject { ["MaxResults"] = 2, ["SortOrder"] = "Ascending" };
            if (token is not null)
            {
                input["NextToken"] = token;
            }
            var output = await SageMakerAsync("ListModels", input);
            seen.AddRange(Names(output));
            token = output["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListModels_WithGarbageToken_ThrowsValidation()
    {
        var error = await FailsAsync("ListModels", new JsonObject { ["NextToken"] = "not-a-token" });

        Assert.Equal("Invalid pagination token.", error.Message);
    }

    [Fact]
    public async Task ListEndpointConfigs_PagesByName()
    {
        await CreateModelAsync("model");
        foreach (var name in new[] { "cfg-c", "cfg-a", "cfg-b" })
        {
            await SageMakerAsync("CreateEndpointConfig", ConfigInput(name, Variant("AllTraffic", "model")));
        }

        var first = await SageMakerAsync("ListEndpointConfigs", new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Ascending", ["MaxResults"] = 2 });
        var second = await SageMakerAsync("ListEndpointConfigs", new JsonObject
        {
            ["SortBy"] = "Name", ["SortOrder"] = "Ascending", ["MaxResults"] = 2, ["NextToken"] = Text(first["NextToken"]),
        });

        Assert.Equal(["cfg-a", "cfg-b"], Names(first, "EndpointConfigs", "EndpointConfigName"));
        Assert.Equal(["cfg-c"], Names(second, "EndpointConfigs", "EndpointConfigName"));
        Assert.Null(second["NextToken"]);
    }
}
