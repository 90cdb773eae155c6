using System.Text.Json.Nodes;
using Sagewright.Core;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>BatchDescribeModelPackage: summaries keyed by ARN; denied, missing and unversioned packages in the error map.</summary>
public class BatchDescribeModelPackageTests : RegistryTestBase
{
    private Task<JsonObject> BatchAsync(CallerIdentity? caller, params string[] arns) =>
        SageMakerAsync("BatchDescribeModelPackage", new JsonObject { ["ModelPackageArnList"] = new JsonArray(arns.Select(a => (JsonNode)a).ToArray()) }, caller);

    [Fact]
    public async Task BatchDescribeModelPackage_ReturnsSummariesAndErrors_ByArn()
    {
        await CreateGroupAsync("g");
        var first = await CreateVersionAsync("g", approval: "Approved");
        var unversioned = Text((await SageMakerAsync("CreateModelPackage", new JsonObject { ["ModelPackageName"] = "solo" }))["ModelPackageArn"]);
        var missing = PackageArn("g", 7);

        var output = await BatchAsync(null, first, missing, unversioned);

        var summary = output["ModelPackageSummaries"]![first]!.AsObject();
        Assert.Equal(["CreationTime", "InferenceSpecification", "ModelApprovalStatus", "ModelPackageArn", "ModelPackageGroupName", "ModelPackageStatus", "ModelPackageVersion"],
            summary.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Approved", Text(summary["ModelApprovalStatus"]));
        Assert.Equal("s3://models/model.tar.gz", Text(summary["InferenceSpecification"]!["Containers"]![0]!["ModelDataUrl"]));
        var errors = output["BatchDescribeModelPackageErrorMap"]!.AsObject();
        Assert.Equal(2, errors.Count);
        Assert.Equal("ValidationException", Text(errors[missing]!["ErrorCode"]));
        Assert.Equal($"ModelPackage {missing} does not exist.", Text(errors[missing]!["ErrorResponse"]));
        Assert.Equal("ValidationException", Text(errors[unversioned]!["ErrorCode"]));
    }

    [Fact]
    public async Task BatchDescribeModelPackage_AuthorizesEachPackage()
    {
        await CreateGroupAsync("open");
        await CreateGroupAsync("closed");
        var allowed = await CreateVersionAsync("open");
        var denied = await CreateVersionAsync("closed");
        var user = await Host.NewUserAsync(Account, "reader",
            Allow("sagemaker:BatchDescribeModelPackage", $"arn:aws:sagemaker:us-east-1:{Account.AccountId}:model-package/open/*"));

        var output = await BatchAsync(user, allowed, denied);

        Assert.NotNull(output["ModelPackageSummaries"]![allowed]);
        Assert.Null(output["ModelPackageSummaries"]![denied]);
        Assert.Equal("AccessDeniedException", Text(output["BatchDescribeModelPackageErrorMap"]![denied]!["ErrorCode"]));
        Assert.Contains("is not authorized to perform: sagemaker:BatchDescribeModelPackage", Text(output["BatchDescribeModelPackageErrorMap"]![denied]!["ErrorResponse"]));
    }

    [Fact]
    public async Task BatchDescribeModelPackage_OtherAccountsPackage_NeedsTheGroupPolicy()
    {
        await CreateGroupAsync("hub");
        var arn = await CreateVersionAsync("hub");
        var spoke = await Host.NewAccountAsync();

        var before = await BatchAsync(spoke.Root, arn);
        await SageMakerAsync("PutModelPackageGroupPolicy", new JsonObject
        {
            ["ModelPackageGroupName"] = "hub",
            ["ResourcePolicy"] = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{spoke.AccountId}}:root"},"Action":"sagemaker:BatchDescribeModelPackage","Resource":"arn:aws:sagemaker:us-east-1:{{Account.AccountId}}:model-package/hub/*"}]}""",
        });
        var after = await BatchAsync(spoke.Root, arn);

        Assert.Equal("AccessDeniedException", Text(before["BatchDescribeModelPackageErrorMap"]![arn]!["ErrorCode"]));
        Assert.Equal(arn, Text(after["ModelPackageSummaries"]![arn]!["ModelPackageArn"]));
    }
}
