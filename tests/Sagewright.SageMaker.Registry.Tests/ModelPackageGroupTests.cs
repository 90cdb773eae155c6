using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Registry.Tests;

public class ModelPackageGroupTests : RegistryTestBase
{
    [Fact]
    public async Task CreateModelPackageGroup_ReturnsLowerCasedArn_AndDescribeShowsIt()
    {
        var arn = await CreateGroupAsync("Churn-Model", "churn predictors");

        Assert.Equal(GroupArn("churn-model"), arn);
        var described = await SageMakerAsync("DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "Churn-Model" });
        Assert.Equal("Churn-Model", Text(described["ModelPackageGroupName"]));
        Assert.Equal(arn, Text(described["ModelPackageGroupArn"]));
        Assert.Equal("churn predictors", Text(described["ModelPackageGroupDescription"]));
        Assert.Equal("Completed", Text(described["ModelPackageGroupStatus"]));
        Assert.Equal(Host.Time.Now, described["CreationTime"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task DescribeModelPackageGroup_ByArn_FindsTheGroup()
    {
        var arn = await CreateGroupAsync("by-arn");

        var described = await SageMakerAsync("DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = arn });

        Assert.Equal("by-arn", Text(described["ModelPackageGroupName"]));
    }

    [Fact]
    public async Task CreateModelPackageGroup_WhenNameTakenInAnyCase_ThrowsValidationNamingTheArn()
    {
        await CreateGroupAsync("taken");

        var error = await FailsAsync("CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "TAKEN" });

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal($"Model Package Group already exists: {GroupArn("taken")}", error.Message);
    }

    [Fact]
    public async Task DescribeModelPackageGroup_WhenMissing_ThrowsValidationDoesNotExist()
    {
        var error = await FailsAsync("DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "missing" });

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal($"ModelPackageGroup {GroupArn("missing")} does not exist.", error.Message);
    }

    [Fact]
    public async Task DeleteModelPackageGroup_WhenEmpty_RemovesIt()
    {
        await CreateGroupAsync("to-delete");

        await SageMakerAsync("DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "to-delete" });

        await FailsAsync("DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "to-delete" });
    }

    [Fact]
    public async Task DeleteModelPackageGroup_WhileItHasPackages_ThrowsConflict_AndKeepsIt()
    {
        await CreateGroupAsync("busy");
        await CreateVersionAsync("busy");

        var error = await FailsAsync("DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "busy" });

        Assert.Equal("ConflictException", error.Code);
        Assert.Contains(GroupArn("busy"), error.Message);
        await SageMakerAsync("DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "busy" });
    }

    [Fact]
    public async Task DeleteModelPackageGroup_WhenMissing_ThrowsValidationDoesNotExist()
    {
        var error = await FailsAsync("DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "never" });

        Assert.Equal($"ModelPackageGroup {GroupArn("never")} does not exist.", error.Message);
    }
}
