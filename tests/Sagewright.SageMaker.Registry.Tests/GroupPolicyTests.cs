using System.Text.Json.Nodes;
using Sagewright.Core;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>The hub-and-spoke registry: a hub group's policy lets another account's callers read its packages.</summary>
public class GroupPolicyTests : RegistryTestBase
{
    private string HubPolicy(string spokeAccount, string group) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(
            new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{spokeAccount}:root" },
                ["Action"] = "sagemaker:DescribeModelPackageGroup",
                ["Resource"] = GroupArn(group),
            },
            new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{spokeAccount}:root" },
                ["Action"] = new JsonArray("sagemaker:DescribeModelPackage", "sagemaker:ListModelPackages"),
                ["Resource"] = new JsonArray($"arn:aws:sagemaker:us-east-1:{Account.AccountId}:model-package/{group}/*", GroupArn(group)),
            }),
    }.ToJsonString();

    private async Task<(TestAccount Spoke, string PackageArn)> HubWithPolicyAsync()
    {
        var spoke = await Host.NewAccountAsync();
        await CreateGroupAsync("shared");
        var arn = await CreateVersionAsync("shared");
        await SageMakerAsync("PutModelPackageGroupPolicy", new JsonObject
        {
            ["ModelPackageGroupName"] = "shared",
            ["ResourcePolicy"] = HubPolicy(spoke.AccountId, "shared"),
        });
        return (spoke, arn);
    }

    [Fact]
    public async Task GetModelPackageGroupPolicy_ReturnsWhatWasPut()
    {
        var (spoke, _) = await HubWithPolicyAsync();

        var output = await SageMakerAsync("GetModelPackageGroupPolicy", new JsonObject { ["ModelPackageGroupName"] = "shared" });

        Assert.Equal(HubPolicy(spoke.AccountId, "shared"), Text(output["ResourcePolicy"]));
    }

    [Fact]
    public async Task PutModelPackageGroupPolicy_WithMalformedPolicy_ThrowsValidation()
    {
        await CreateGroupAsync("g");

        var error = await FailsAsync("PutModelPackageGroupPolicy", new JsonObject { ["ModelPackageGroupName"] = "g", ["ResourcePolicy"] = "{not json" });

        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public async Task DeleteModelPackageGroupPolicy_RemovesIt_AndGetThenFails()
    {
        await HubWithPolicyAsync();

        await SageMakerAsync("DeleteModelPackageGroupPolicy", new JsonObject { ["ModelPackageGroupName"] = "shared" });

        var error = await FailsAsync("GetModelPackageGroupPolicy", new JsonObject { ["ModelPackageGroupName"] = "shared" });
        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public async Task DescribeModelPackage_FromAnotherAccount_WhenGroupPolicyAndIdentityPolicyAllow_Succeeds()
    {
        var (spoke, arn) = await HubWithPolicyAsync();
        var user = await Host.NewUserAsync(spoke, "deployer", Allow("sagemaker:*"));

        var described = await SageMakerAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = arn }, user);
        var listed = await SageMakerAsync("ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = GroupArn("shared") }, user);

        Assert.Equal(arn, Text(described["ModelPackageArn"]));
        Assert.Equal(arn, Text(listed["ModelPackageSummaryList"]![0]!["ModelPackageArn"]));
    }

    [Fact]
    public async Task DescribeModelPackage_FromAnotherAccount_WithoutItsOwnIdentityPolicy_IsDenied()
    {
        var (spoke, arn) = await HubWithPolicyAsync();
        var user = await Host.NewUserAsync(spoke, "nobody");

        var error = await FailsAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = arn }, user);

        Assert.Equal("AccessDeniedException", error.Code);
    }

    [Fact]
    public async Task DescribeModelPackage_FromAnAccountTheGroupPolicyDoesNotName_IsDenied()
    {
        var (_, arn) = await HubWithPolicyAsync();
        var stranger = await Host.NewAccountAsync();
        var user = await Host.NewUserAsync(stranger, "outsider", Allow("sagemaker:*"));

        var error = await FailsAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = arn }, user);

        Assert.Equal("AccessDeniedException", error.Code);
    }

    [Fact]
    public async Task DeleteModelPackage_FromAnotherAccount_ThePolicyDoesNotAllow_IsDenied_AndThePackageStays()
    {
        var (spoke, arn) = await HubWithPolicyAsync();
        var user = await Host.NewUserAsync(spoke, "deleter", Allow("sagemaker:*"));

        var error = await FailsAsync("DeleteModelPackage", new JsonObject { ["ModelPackageName"] = arn }, user);

        Assert.Equal("AccessDeniedException", error.Code);
        await SageMakerAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = arn });
    }
}
