using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>Every registry operation needs its IAM action: a user with no policy is denied before anything changes.</summary>
public class AccessDeniedTests : RegistryTestBase
{
    public static TheoryData<string, string> Operations() => new()
    {
        { "CreateModelPackageGroup", """{"ModelPackageGroupName":"g"}""" },
        { "DescribeModelPackageGroup", """{"ModelPackageGroupName":"g"}""" },
        { "ListModelPackageGroups", "{}" },
        { "DeleteModelPackageGroup", """{"ModelPackageGroupName":"g"}""" },
        { "PutModelPackageGroupPolicy", """{"ModelPackageGroupName":"g","ResourcePolicy":"{}"}""" },
        { "GetModelPackageGroupPolicy", """{"ModelPackageGroupName":"g"}""" },
        { "DeleteModelPackageGroupPolicy", """{"ModelPackageGroupName":"g"}""" },
        { "CreateModelPackage", """{"ModelPackageGroupName":"g"}""" },
        { "DescribeModelPackage", """{"ModelPackageName":"g/1"}""" },
        { "ListModelPackages", """{"ModelPackageGroupName":"g"}""" },
        { "UpdateModelPackage", """{"ModelPackageArn":"arn:aws:sagemaker:us-east-1:ACCOUNT:model-package/g/1","ModelApprovalStatus":"Approved"}""" },
        { "DeleteModelPackage", """{"ModelPackageName":"g/1"}""" },
        { "AddTags", """{"ResourceArn":"arn:aws:sagemaker:us-east-1:ACCOUNT:model-package-group/g","Tags":[{"Key":"k","Value":"v"}]}""" },
        { "ListTags", """{"ResourceArn":"arn:aws:sagemaker:us-east-1:ACCOUNT:model-package-group/g"}""" },
        { "DeleteTags", """{"ResourceArn":"arn:aws:sagemaker:us-east-1:ACCOUNT:model-package-group/g","TagKeys":["k"]}""" },
    };

    /// <summary>Operations that authorize each item they name and report denials per item (tested in their own classes).</summary>
    private static readonly string[] PerItemAuthorized = ["BatchDescribeModelPackage"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_WithoutPermission_IsDenied(string operation, string input)
    {
        var user = await Host.NewUserAsync(Account, "denied");

        var error = await FailsAsync(operation, JsonNode.Parse(input.Replace("ACCOUNT", Account.AccountId))!.AsObject(), user);

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Contains($"is not authorized to perform: sagemaker:{operation}", error.Message);
        Assert.Empty((JsonArray)(await SageMakerAsync("ListModelPackageGroups"))["ModelPackageGroupSummaryList"]!);
    }

    [Fact]
    public void EveryRegisteredSageMakerOperation_HasAnAccessDeniedCase()
    {
        var registered = RegistryTestHost.Catalog["sagemaker"].Operations.Values
            .Where(o => Host.Registry.Find(o) is not null).Select(o => o.Name).Order().ToArray();

        Assert.Equal(Operations().Select(row => (string)row[0]).Concat(PerItemAuthorized).Order(), registered);
    }

    [Fact]
    public async Task Operation_AllowedOnOneGroupOnly_IsDeniedOnAnother()
    {
        await CreateGroupAsync("allowed");
        await CreateGroupAsync("other");
        var user = await Host.NewUserAsync(Account, "scoped", Allow("sagemaker:DescribeModelPackageGroup", GroupArn("allowed")));

        await SageMakerAsync("DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "allowed" }, user);
        var error = await FailsAsync("DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "other" }, user);

        Assert.Equal("AccessDeniedException", error.Code);
    }
}
