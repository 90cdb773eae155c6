using System.Text.Json.Nodes;
using Sagewright.Core;

namespace Sagewright.SageMaker.Registry.Tests;

public class ListModelPackageGroupsTests : RegistryTestBase
{
    private async Task CreateAtAsync(string name, int minute)
    {
        Host.Time.Now = new DateTimeOffset(2026, 3, 1, 12, minute, 0, TimeSpan.Zero);
        await CreateGroupAsync(name);
    }

    private async Task<string[]> NamesAsync(JsonObject input) =>
        ((JsonArray)(await SageMakerAsync("ListModelPackageGroups", input))["ModelPackageGroupSummaryList"]!)
            .Select(g => Text(g!["ModelPackageGroupName"])).ToArray();

    [Fact]
    public async Task ListModelPackageGroups_DefaultsToCreationTimeAscending()
    {
        await CreateAtAsync("b-second", 2);
        await CreateAtAsync("a-third", 3);
        await CreateAtAsync("c-first", 1);

        Assert.Equal(["c-first", "b-second", "a-third"], await NamesAsync([]));
    }

    [Fact]
    public async Task ListModelPackageGroups_SortsByNameDescending()
    {
        await CreateAtAsync("b", 1);
        await CreateAtAsync("c", 2);
        await CreateAtAsync("a", 3);

        Assert.Equal(["c", "b", "a"], await NamesAsync(new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Descending" }));
    }

    [Fact]
    public async Task ListModelPackageGroups_FiltersByNameContainsIgnoringCase_AndCreationTime()
    {
        await CreateAtAsync("fraud-v1", 1);
        await CreateAtAsync("Fraud-v2", 2);
        await CreateAtAsync("churn", 3);
        await CreateAtAsync("fraud-v3", 4);

        Assert.Equal(["fraud-v1", "Fraud-v2", "fraud-v3"], await NamesAsync(new JsonObject { ["NameContains"] = "FRAUD" }));
        Assert.Equal(["Fraud-v2"], await NamesAsync(new JsonObject
        {
            ["NameContains"] = "fraud",
            ["CreationTimeAfter"] = new DateTimeOffset(2026, 3, 1, 12, 1, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            ["CreationTimeBefore"] = new DateTimeOffset(2026, 3, 1, 12, 4, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
        }));
    }

    [Theory]
    [InlineData("CreationTime", "Ascending")]
    [InlineData("CreationTime", "Descending")]
    [InlineData("Name", "Ascending")]
    [InlineData("Name", "Descending")]
    public async Task ListModelPackageGroups_PagesReturnEveryGroupOnce(string sortBy, string sortOrder)
    {
        // Groups 0-2 share one creation time, so paging must break ties.
        for (var i = 0; i < 7; i++)
        {
            await CreateAtAsync($"group-{i}", Math.Max(i, 2));
        }
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var input = new JsonObject { ["MaxResults"] = 3, ["SortBy"] = sortBy, ["SortOrder"] = sortOrder };
            if (token is not null)
            {
                input["NextToken"] = token;
            }
            var output = await SageMakerAsync("ListModelPackageGroups", input);
            seen.AddRange(((JsonArray)output["ModelPackageGroupSummaryList"]!).Select(g => Text(g!["ModelPackageGroupName"])));
            token = output["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"group-{i}").Order(), seen.Order());
    }

    [Fact]
    public async Task ListModelPackageGroups_ShowsOnlyTheCallersAccount()
    {
        await CreateGroupAsync("mine");
        var other = await Host.NewAccountAsync();

        var output = await SageMakerAsync("ListModelPackageGroups", [], other.Root);

        Assert.Empty((JsonArray)output["ModelPackageGroupSummaryList"]!);
    }

    [Fact]
    public async Task ListModelPackageGroups_WithGarbledNextToken_ThrowsValidation()
    {
        var error = await FailsAsync("ListModelPackageGroups", new JsonObject { ["NextToken"] = "not-a-token!" });

        Assert.Equal("ValidationException", error.Code);
    }
}

/// <summary>CrossAccountFilterOption=CrossAccount: other accounts' groups whose policy shares them with the caller.</summary>
public class CrossAccountGroupListTests : RegistryTestBase
{
    private async Task ShareAsync(string group, string withAccount) =>
        await SageMakerAsync("PutModelPackageGroupPolicy", new JsonObject
        {
            ["ModelPackageGroupName"] = group,
            ["ResourcePolicy"] = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{withAccount}}:root"},"Action":["sagemaker:DescribeModelPackageGroup","sagemaker:ListModelPackages"],"Resource":"{{GroupArn(group)}}"}]}""",
        });

    private async Task<string[]> NamesAsync(CallerIdentity caller, JsonObject? input = null)
    {
        input ??= [];
        input["CrossAccountFilterOption"] = "CrossAccount";
        var output = await SageMakerAsync("ListModelPackageGroups", input, caller);
        return ((JsonArray)output["ModelPackageGroupSummaryList"]!).Select(g => Text(g!["ModelPackageGroupName"])).ToArray();
    }

    [Fact]
    public async Task CrossAccount_ListsOnlyGroupsSharedWithTheCaller_AndSameAccountStaysOwn()
    {
        var spoke = await Host.NewAccountAsync();
        var stranger = await Host.NewAccountAsync();
        foreach (var name in (string[])["shared-a", "shared-b", "private", "other"])
        {
            await CreateGroupAsync(name);
        }
        await ShareAsync("shared-a", spoke.AccountId);
        await ShareAsync("shared-b", spoke.AccountId);
        await ShareAsync("other", stranger.AccountId);
        await SageMakerAsync("CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "spoke-own" }, spoke.Root);

        Assert.Equal(["shared-a", "shared-b"], await NamesAsync(spoke.Root, new JsonObject { ["SortBy"] = "Name" }));
        Assert.Equal(["other"], await NamesAsync(stranger.Root));
        Assert.Empty(await NamesAsync(Root));
        var own = await SageMakerAsync("ListModelPackageGroups", new JsonObject { ["CrossAccountFilterOption"] = "SameAccount" }, spoke.Root);
        Assert.Equal("spoke-own", Text(Assert.Single((JsonArray)own["ModelPackageGroupSummaryList"]!)!["ModelPackageGroupName"]));
    }

    [Fact]
    public async Task CrossAccount_NeedsTheCallersIdentityPolicyToo_AndPages()
    {
        var spoke = await Host.NewAccountAsync();
        foreach (var name in (string[])["s1", "s2", "s3"])
        {
            await CreateGroupAsync(name);
            await ShareAsync(name, spoke.AccountId);
        }
        var lister = await Host.NewUserAsync(spoke, "lister", Allow("sagemaker:ListModelPackageGroups"));
        var reader = await Host.NewUserAsync(spoke, "reader", $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sagemaker:ListModelPackageGroups","sagemaker:DescribeModelPackageGroup"],"Resource":"*"}]}""");

        Assert.Empty(await NamesAsync(lister));
        var first = await SageMakerAsync("ListModelPackageGroups", new JsonObject { ["CrossAccountFilterOption"] = "CrossAccount", ["MaxResults"] = 2, ["SortBy"] = "Name" }, reader);
        var second = await NamesAsync(reader, new JsonObject { ["MaxResults"] = 2, ["SortBy"] = "Name", ["NextToken"] = Text(first["NextToken"]) });

        Assert.Equal(["s1", "s2"], ((JsonArray)first["ModelPackageGroupSummaryList"]!).Select(g => Text(g!["ModelPackageGroupName"])));
        Assert.Equal(["s3"], second);
    }
}
