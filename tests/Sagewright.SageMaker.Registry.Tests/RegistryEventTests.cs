using System.Text.Json.Nodes;
using Sagewright.Protocol.Contracts;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>The events the registry puts on the owner's default bus, with AWS's detail shapes, only when the change committed.</summary>
public class RegistryEventTests : RegistryTestBase
{
    private IReadOnlyList<PlatformEvent> Events(string detailType) =>
        Host.Events.Committed.Where(e => e.DetailType == detailType).ToArray();

    private static JsonObject Inference() => new()
    {
        ["Containers"] = new JsonArray(new JsonObject { ["Image"] = "registry.local/churn:1", ["ModelDataUrl"] = "s3://models/churn.tar.gz" }),
        ["SupportedContentTypes"] = new JsonArray("text/csv"),
        ["SupportedResponseMIMETypes"] = new JsonArray("text/csv"),
    };

    private static JsonObject Metrics() => new()
    {
        ["ModelQuality"] = new JsonObject { ["Statistics"] = new JsonObject { ["ContentType"] = "application/json", ["S3Uri"] = "s3://m/eval.json" } },
    };

    [Fact]
    public async Task CreateModelPackage_PublishesStateChange_WithAwsDetailShape()
    {
        await CreateGroupAsync("Churn");
        await SageMakerAsync("CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = "Churn",
            ["ModelPackageDescription"] = "first",
            ["InferenceSpecification"] = Inference(),
            ["MetadataProperties"] = new JsonObject { ["GeneratedBy"] = "pipeline-1" },
            ["ModelMetrics"] = Metrics(),
            ["Tags"] = TagList(("team", "risk")),
        });

        var published = Assert.Single(Events("SageMaker Model Package State Change"));
        var arn = PackageArn("churn", 1);
        Assert.Equal((Account.AccountId, "us-east-1", "aws.sagemaker", arn), (published.AccountId, published.Region, published.Source, Assert.Single(published.Resources)));
        Assert.Equal(Host.Time.Now, published.Time);
        var expected = new JsonObject
        {
            ["ModelPackageGroupName"] = "Churn",
            ["ModelPackageVersion"] = 1,
            ["ModelPackageArn"] = arn,
            ["ModelPackageDescription"] = "first",
            ["CreationTime"] = "2026-03-01T12:00:00Z",
            ["InferenceSpecification"] = Inference(),
            ["ModelPackageStatus"] = "Completed",
            ["ModelPackageStatusDetails"] = new JsonObject { ["ValidationStatuses"] = new JsonArray(), ["ImageScanStatuses"] = new JsonArray() },
            ["CertifyForMarketplace"] = false,
            ["ModelApprovalStatus"] = "PendingManualApproval",
            ["ModelMetrics"] = Metrics(),
            ["MetadataProperties"] = new JsonObject { ["GeneratedBy"] = "pipeline-1" },
            ["LastModifiedTime"] = "2026-03-01T12:00:00Z",
            ["Tags"] = new JsonObject { ["team"] = "risk" },
        };
        Assert.True(JsonNode.DeepEquals(expected, published.Detail), published.Detail.ToJsonString());
    }

    [Fact]
    public async Task UpdateModelPackage_Approval_PublishesTheNewStatusAndTimes()
    {
        await CreateGroupAsync("g");
        var arn = await CreateVersionAsync("g");
        Host.Time.Now = Host.Time.Now.AddMinutes(5).AddMilliseconds(250);

        await SageMakerAsync("UpdateModelPackage", new JsonObject
        {
            ["ModelPackageArn"] = arn,
            ["ModelApprovalStatus"] = "Approved",
            ["ApprovalDescription"] = "looks good",
        });

        var update = Events("SageMaker Model Package State Change")[^1];
        Assert.Equal("Approved", Text(update.Detail["ModelApprovalStatus"]));
        Assert.Equal("looks good", Text(update.Detail["ApprovalDescription"]));
        Assert.Equal("2026-03-01T12:00:00Z", Text(update.Detail["CreationTime"]));
        Assert.Equal("2026-03-01T12:05:00Z", Text(update.Detail["LastModifiedTime"]));
        Assert.Null(update.Detail["LastModifiedBy"]);
        Assert.Equal(2, Events("SageMaker Model Package State Change").Count);
    }

    [Fact]
    public async Task UnversionedPackage_IsNamedByModelPackageName_AndItsDeletePublishesDeleting()
    {
        var arn = Text((await SageMakerAsync("CreateModelPackage", new JsonObject { ["ModelPackageName"] = "Solo" }))["ModelPackageArn"]);

        await SageMakerAsync("DeleteModelPackage", new JsonObject { ["ModelPackageName"] = arn });

        var events = Events("SageMaker Model Package State Change");
        Assert.Equal(["Completed", "Deleting"], events.Select(e => Text(e.Detail["ModelPackageStatus"])));
        Assert.All(events, e => Assert.Equal("Solo", Text(e.Detail["ModelPackageName"])));
        Assert.All(events, e => Assert.Null(e.Detail["ModelPackageGroupName"]));
    }

    [Fact]
    public async Task ModelPackageGroup_CreateAndDelete_PublishGroupStateChanges()
    {
        await SageMakerAsync("CreateModelPackageGroup", new JsonObject
        {
            ["ModelPackageGroupName"] = "Hub",
            ["ModelPackageGroupDescription"] = "the hub",
            ["Tags"] = TagList(("env", "prod")),
        });
        await SageMakerAsync("DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "Hub" });

        var events = Events("SageMaker Model Package Group State Change");
        Assert.Equal(2, events.Count);
        var expected = new JsonObject
        {
            ["ModelPackageGroupName"] = "Hub",
            ["ModelPackageGroupArn"] = GroupArn("hub"),
            ["ModelPackageGroupDescription"] = "the hub",
            ["CreationTime"] = "2026-03-01T12:00:00Z",
            ["CreatedBy"] = new JsonObject { ["IamIdentity"] = new JsonObject { ["Arn"] = Root.Arn, ["PrincipalId"] = Root.UserId } },
            ["ModelPackageGroupStatus"] = "Completed",
            ["Tags"] = new JsonObject { ["env"] = "prod" },
        };
        Assert.True(JsonNode.DeepEquals(expected, events[0].Detail), events[0].Detail.ToJsonString());
        Assert.Equal("Deleting", Text(events[1].Detail["ModelPackageGroupStatus"]));
        Assert.Equal([GroupArn("hub")], events[1].Resources);
    }

    [Fact]
    public async Task FailedChanges_PublishNothing()
    {
        await CreateGroupAsync("g");
        await CreateVersionAsync("g", clientToken: "once");
        var before = Host.Events.Committed.Count;

        await FailsAsync("CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "g" });
        await FailsAsync("DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "g" });
        await FailsAsync("UpdateModelPackage", new JsonObject { ["ModelPackageArn"] = PackageArn("g", 9), ["ModelApprovalStatus"] = "Approved" });
        await CreateVersionAsync("g", clientToken: "once");

        Assert.Equal(before, Host.Events.Committed.Count);
    }
}
