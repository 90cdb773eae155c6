using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Registry.Tests;

public class ListModelPackagesTests : RegistryTestBase
{
    private async Task<string[]> ArnsAsync(JsonObject input) =>
        ((JsonArray)(await SageMakerAsync("ListModelPackages", input))["ModelPackageSummaryList"]!)
            .Select(p => Text(p!["ModelPackageArn"])).ToArray();

    [Fact]
    public async Task ListModelPackages_ForAGroup_ListsItsVersionsOnly()
    {
        await CreateGroupAsync("one");
        await CreateGroupAsync("two");
        var a = await CreateVersionAsync("one");
        await CreateVersionAsync("two");
        var b = await CreateVersionAsync("one");

        Assert.Equal([a, b], await ArnsAsync(new JsonObject { ["ModelPackageGroupName"] = "one" }));
    }

    [Fact]
    public async Task ListModelPackages_FiltersByApprovalStatus_AndSortsDescending()
    {
        await CreateGroupAsync("g");
        var approved1 = await CreateVersionAsync("g", "Approved");
        await CreateVersionAsync("g", "Rejected");
        var approved3 = await CreateVersionAsync("g", "Approved");

        Assert.Equal([approved3, approved1], await ArnsAsync(new JsonObject
        {
            ["ModelPackageGroupName"] = "g",
            ["ModelApprovalStatus"] = "Approved",
            ["SortOrder"] = "Descending",
        }));
    }

    [Fact]
    public async Task ListModelPackages_WithoutAGroup_DefaultsToUnversioned()
    {
        await CreateGroupAsync("g");
        var versioned = await CreateVersionAsync("g");
        var unversioned = Text((await SageMakerAsync("CreateModelPackage", new JsonObject { ["ModelPackageName"] = "loose" }))["ModelPackageArn"]);

        Assert.Equal([unversioned], await ArnsAsync([]));
        Assert.Equal([versioned], await ArnsAsync(new JsonObject { ["ModelPackageType"] = "Versioned" }));
        Assert.Equal([versioned, unversioned], await ArnsAsync(new JsonObject { ["ModelPackageType"] = "Both" }));
    }

    [Fact]
    public async Task ListModelPackages_PagesThroughVersionsInOrder()
    {
        await CreateGroupAsync("paged");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateVersionAsync("paged"));
        }

        var first = await SageMakerAsync("ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = "paged", ["MaxResults"] = 2 });
        var second = await SageMakerAsync("ListModelPackages", new JsonObject
        {
            ["ModelPackageGroupName"] = "paged",
            ["MaxResults"] = 2,
            ["NextToken"] = first["NextToken"]!.GetValue<string>(),
        });

        Assert.Equal(created.Take(2), ((JsonArray)first["ModelPackageSummaryList"]!).Select(p => Text(p!["ModelPackageArn"])));
        Assert.Equal(created.Skip(2).Take(2), ((JsonArray)second["ModelPackageSummaryList"]!).Select(p => Text(p!["ModelPackageArn"])));
        Assert.Equal(1, ((JsonArray)second["ModelPackageSummaryList"]!)[0]!["ModelPackageVersion"]!.GetValue<long>() - 2);
    }
}
