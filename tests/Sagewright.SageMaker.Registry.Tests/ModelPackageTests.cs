using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Registry.Tests;

public class ModelPackageTests : RegistryTestBase
{
    private Task<JsonObject> DescribeAsync(string nameOrArn) =>
        SageMakerAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = nameOrArn });

    [Fact]
    public async Task CreateModelPackage_InAGroup_NumbersVersionsFromOne()
    {
        await CreateGroupAsync("Fraud");

        Assert.Equal(PackageArn("fraud", 1), await CreateVersionAsync("Fraud"));
        Assert.Equal(PackageArn("fraud", 2), await CreateVersionAsync(GroupArn("fraud")));
    }

    [Fact]
    public async Task CreateModelPackage_VersionsAreNotReusedAfterADelete()
    {
        await CreateGroupAsync("g");
        await CreateVersionAsync("g");
        var second = await CreateVersionAsync("g");
        await SageMakerAsync("DeleteModelPackage", new JsonObject { ["ModelPackageName"] = second });

        Assert.Equal(PackageArn("g", 3), await CreateVersionAsync("g"));
    }

    [Fact]
    public async Task DescribeModelPackage_ReturnsWhatWasRegistered()
    {
        await CreateGroupAsync("described");
        var input = new JsonObject
        {
            ["ModelPackageGroupName"] = "described",
            ["ModelPackageDescription"] = "first cut",
            ["InferenceSpecification"] = new JsonObject
            {
                ["Containers"] = new JsonArray(new JsonObject { ["Image"] = "registry.local/model:1", ["ModelDataUrl"] = "s3://b/model.tar.gz" }),
                ["SupportedContentTypes"] = new JsonArray("text/csv"),
                ["SupportedResponseMIMETypes"] = new JsonArray("application/json"),
            },
            ["ModelMetrics"] = new JsonObject
            {
                ["ModelQuality"] = new JsonObject { ["Statistics"] = new JsonObject { ["ContentType"] = "application/json", ["S3Uri"] = "s3://b/stats.json" } },
            },
            ["MetadataProperties"] = new JsonObject { ["GeneratedBy"] = "pipeline-7" },
            ["CustomerMetadataProperties"] = new JsonObject { ["team"] = "risk" },
        };
        var arn = Text((await SageMakerAsync("CreateModelPackage", input))["ModelPackageArn"]);

        var described = await DescribeAsync(arn);

        Assert.Equal("described", Text(described["ModelPackageGroupName"]));
        Assert.Null(described["ModelPackageName"]);
        Assert.Equal(1, described["ModelPackageVersion"]!.GetValue<long>());
        Assert.Equal(arn, Text(described["ModelPackageArn"]));
        Assert.Equal("first cut", Text(described["ModelPackageDescription"]));
        Assert.Equal("PendingManualApproval", Text(described["ModelApprovalStatus"]));
        Assert.Equal("Completed", Text(described["ModelPackageStatus"]));
        Assert.Equal("registry.local/model:1", Text(described["InferenceSpecification"]!["Containers"]![0]!["Image"]));
        Assert.Equal("s3://b/stats.json", Text(described["ModelMetrics"]!["ModelQuality"]!["Statistics"]!["S3Uri"]));
        Assert.Equal("pipeline-7", Text(described["MetadataProperties"]!["GeneratedBy"]));
        Assert.Equal("risk", Text(described["CustomerMetadataProperties"]!["team"]));
    }

    [Fact]
    public async Task CreateModelPackage_WithTheSameClientToken_ReturnsTheFirstVersion()
    {
        await CreateGroupAsync("idem");

        var first = await CreateVersionAsync("idem", clientToken: "token-1");
        var retried = await CreateVersionAsync("idem", clientToken: "token-1");
        var other = await CreateVersionAsync("idem", clientToken: "token-2");

        Assert.Equal(first, retried);
        Assert.Equal(PackageArn("idem", 2), other);
    }

    [Fact]
    public async Task CreateModelPackage_InAMissingGroup_ThrowsValidationDoesNotExist()
    {
        var error = await FailsAsync("CreateModelPackage", new JsonObject { ["ModelPackageGroupName"] = "nowhere" });

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal($"ModelPackageGroup {GroupArn("nowhere")} does not exist.", error.Message);
    }

    [Fact]
    public async Task CreateModelPackage_WithNameAndGroup_ThrowsValidation()
    {
        var error = await FailsAsync("CreateModelPackage", new JsonObject { ["ModelPackageGroupName"] = "g", ["ModelPackageName"] = "p" });

        Assert.Equal("Both ModelPackageName and ModelPackageGroupName are provided in the input. Cannot determine which one to use.", error.Message);
    }

    [Fact]
    public async Task CreateModelPackage_WithNeitherNameNorGroup_ThrowsMissingArn()
    {
        var error = await FailsAsync("CreateModelPackage", []);

        Assert.Equal("Missing ARN.", error.Message);
    }

    [Fact]
    public async Task CreateModelPackage_Unversioned_IsDescribedByName_AndItsNameCannotBeReused()
    {
        var arn = Text((await SageMakerAsync("CreateModelPackage", new JsonObject { ["ModelPackageName"] = "Standalone" }))["ModelPackageArn"]);

        Assert.Equal($"arn:aws:sagemaker:us-east-1:{Account.AccountId}:model-package/standalone", arn);
        var described = await DescribeAsync("Standalone");
        Assert.Equal("Standalone", Text(described["ModelPackageName"]));
        Assert.Null(described["ModelPackageVersion"]);
        var error = await FailsAsync("CreateModelPackage", new JsonObject { ["ModelPackageName"] = "standalone" });
        Assert.Equal($"Model Package already exists: {arn}", error.Message);
    }

    [Fact]
    public async Task DescribeModelPackage_WhenMissing_ThrowsValidationDoesNotExist()
    {
        await CreateGroupAsync("g");

        var error = await FailsAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = PackageArn("g", 9) });

        Assert.Equal($"ModelPackage {PackageArn("g", 9)} does not exist.", error.Message);
    }

    [Fact]
    public async Task UpdateModelPackage_ApprovesAndEditsCustomerMetadata()
    {
        await CreateGroupAsync("approve");
        var arn = await CreateVersionAsync("approve");
        await SageMakerAsync("UpdateModelPackage", new JsonObject
        {
            ["ModelPackageArn"] = arn,
            ["CustomerMetadataProperties"] = new JsonObject { ["a"] = "1", ["b"] = "2" },
        });
        Host.Time.Now = Host.Time.Now.AddMinutes(5);

        var output = await SageMakerAsync("UpdateModelPackage", new JsonObject
        {
            ["ModelPackageArn"] = arn,
            ["ModelApprovalStatus"] = "Approved",
            ["ApprovalDescription"] = "passed review",
            ["CustomerMetadataProperties"] = new JsonObject { ["b"] = "3" },
            ["CustomerMetadataPropertiesToRemove"] = new JsonArray("a"),
        });

        Assert.Equal(arn, Text(output["ModelPackageArn"]));
        var described = await DescribeAsync(arn);
        Assert.Equal("Approved", Text(described["ModelApprovalStatus"]));
        Assert.Equal("passed review", Text(described["ApprovalDescription"]));
        Assert.Equal("""{"b":"3"}""", described["CustomerMetadataProperties"]!.ToJsonString());
        Assert.Equal(Host.Time.Now, described["LastModifiedTime"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task DeleteModelPackage_RemovesIt_ThenTheGroupCanBeDeleted()
    {
        await CreateGroupAsync("cleanup");
        var arn = await CreateVersionAsync("cleanup");

        await SageMakerAsync("DeleteModelPackage", new JsonObject { ["ModelPackageName"] = arn });

        await FailsAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = arn });
        await SageMakerAsync("DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "cleanup" });
    }
}
