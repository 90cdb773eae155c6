using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Sagewright.Protocol.Contracts;

namespace Sagewright.EndToEnd.DotNet;

/// <summary>
/// The model-package replication event target against the real host: a spoke account's package is copied into the
/// hub's group, artifacts and all, acting as the hub's role over HTTP, with the group and bucket policies deciding.
/// The rules engine is not involved: the test hands the target an event as the Events module would.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ModelPackageReplicationTests(SagewrightServer server)
{
    private const string Region = SagewrightServer.Region;
    private const string TrustEvents = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string RolePolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sagemaker:DescribeModelPackage","sagemaker:CreateModelPackage","s3:GetObject","s3:PutObject"],"Resource":"*"}]}
        """;

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    private SageMakerJsonClient SageMaker(AWSCredentials credentials) => new(server.Endpoint, credentials.GetCredentials(), Region);

    private AmazonS3Client S3(AWSCredentials credentials) => new(credentials, server.Configure(new AmazonS3Config { ForcePathStyle = true }));

    private IEventTarget Target(string arn) => server.Services.GetServices<IEventTarget>().Single(t => t.Accepts(arn));

    private sealed record Setup(TestAccount Hub, TestAccount Spoke, string HubGroupArn, string HubBucket, string SpokeBucket, string SourceArn, byte[] Artifact, string RoleArn);

    /// <summary>A spoke with a package whose artifact is in its bucket, and a hub with a group, a bucket and a role events may assume.</summary>
    private async Task<Setup> HubAndSpokeAsync(bool shareSpokeGroup = true)
    {
        var hub = await server.CreateAccountAsync();
        var spoke = await server.CreateAccountAsync();
        var (hubBucket, spokeBucket) = ($"hub-{_suffix}", $"spoke-{_suffix}");
        var artifact = RandomNumberGenerator.GetBytes(4096);
        using (var s3 = S3(spoke.Root))
        {
            await s3.PutBucketAsync(spokeBucket);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = spokeBucket, Key = "training/output/model.tar.gz", InputStream = new MemoryStream(artifact) });
            await s3.PutBucketPolicyAsync(spokeBucket, $$"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{hub.AccountId}}:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{spokeBucket}}/*"}]}
                """);
        }
        using (var s3 = S3(hub.Root))
        {
            await s3.PutBucketAsync(hubBucket);
        }
        var spokeSageMaker = SageMaker(spoke.Root);
        await spokeSageMaker.CallAsync("CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "churn" });
        var source = (await spokeSageMaker.CallAsync("CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = "churn",
            ["ModelPackageDescription"] = "trained in the spoke",
            ["ModelApprovalStatus"] = "Approved",
            ["InferenceSpecification"] = new JsonObject
            {
                ["Containers"] = new JsonArray(new JsonObject { ["Image"] = "registry.local/churn:1", ["ModelDataUrl"] = $"s3://{spokeBucket}/training/output/model.tar.gz" }),
                ["SupportedContentTypes"] = new JsonArray("text/csv"),
                ["SupportedResponseMIMETypes"] = new JsonArray("text/csv"),
            },
            ["ModelMetrics"] = new JsonObject
            {
                ["ModelQuality"] = new JsonObject { ["Statistics"] = new JsonObject { ["ContentType"] = "application/json", ["S3Uri"] = $"s3://{spokeBucket}/eval.json" } },
            },
            ["CustomerMetadataProperties"] = new JsonObject { ["team"] = "risk" },
        }))["ModelPackageArn"]!.GetValue<string>();
        if (shareSpokeGroup)
        {
            await spokeSageMaker.CallAsync("PutModelPackageGroupPolicy", new JsonObject
            {
                ["ModelPackageGroupName"] = "churn",
                ["ResourcePolicy"] = $$"""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{hub.AccountId}}:root"},"Action":"sagemaker:DescribeModelPackage","Resource":"arn:aws:sagemaker:{{Region}}:{{spoke.AccountId}}:model-package/churn/*"}]}
                    """,
            });
        }
        var hubGroupArn = (await SageMaker(hub.Root).CallAsync("CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "central" }))["ModelPackageGroupArn"]!.GetValue<string>();
        var iam = server.Iam(hub.Root);
        var roleArn = await iam.CreateRoleAsync("replicator", TrustEvents);
        await iam.PutRolePolicyAsync("replicator", "replicate", RolePolicy);
        return new Setup(hub, spoke, hubGroupArn, hubBucket, spokeBucket, source, artifact, roleArn);
    }

    private static EventTargetInvocation Invocation(Setup setup, string eventId, string? roleArn = null) => new(
        setup.Hub.AccountId, Region, $"arn:aws:events:{Region}:{setup.Hub.AccountId}:rule/replicate-approved",
        new JsonObject
        {
            ["Id"] = "hub",
            ["Arn"] = setup.HubGroupArn,
            ["RoleArn"] = roleArn ?? setup.RoleArn,
            ["SageMakerPipelineParameters"] = new JsonObject
            {
                ["PipelineParameterList"] = new JsonArray(new JsonObject { ["Name"] = "ArtifactS3Uri", ["Value"] = $"s3://{setup.HubBucket}/replicated" }),
            },
        },
        new JsonObject
        {
            ["version"] = "0",
            ["id"] = eventId,
            ["detail-type"] = "SageMaker Model Package State Change",
            ["source"] = "aws.sagemaker",
            ["account"] = setup.Spoke.AccountId,
            ["time"] = "2026-03-01T12:00:00Z",
            ["region"] = Region,
            ["resources"] = new JsonArray(setup.SourceArn),
            ["detail"] = new JsonObject { ["ModelPackageArn"] = setup.SourceArn, ["ModelApprovalStatus"] = "Approved" },
        },
        "{}", 1);

    private async Task<JsonArray> HubVersionsAsync(Setup setup) =>
        (JsonArray)(await SageMaker(setup.Hub.Root).CallAsync("ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = "central" }))["ModelPackageSummaryList"]!;

    [Fact]
    public async Task DeliverAsync_CopiesThePackageAndItsArtifactIntoTheHub_OnceHoweverManyEventsNameIt()
    {
        var setup = await HubAndSpokeAsync();
        var target = Target(setup.HubGroupArn);
        var eventId = Guid.NewGuid().ToString();

        var first = await target.DeliverAsync(Invocation(setup, eventId), CancellationToken.None);
        var again = await target.DeliverAsync(Invocation(setup, eventId) with { Attempt = 2 }, CancellationToken.None);
        var anotherEvent = await target.DeliverAsync(Invocation(setup, Guid.NewGuid().ToString()), CancellationToken.None);

        Assert.Equal(TargetOutcome.Success, first);
        Assert.Equal(TargetOutcome.Success, again);
        Assert.Equal(TargetOutcome.Success, anotherEvent);
        Assert.Single(await HubVersionsAsync(setup));
        var copy = await SageMaker(setup.Hub.Root).CallAsync("DescribeModelPackage", new JsonObject { ["ModelPackageName"] = $"{setup.HubGroupArn.Replace("model-package-group", "model-package")}/1" });
        var key = $"replicated/{setup.Spoke.AccountId}/churn/1/0/model.tar.gz";
        Assert.Equal($"s3://{setup.HubBucket}/{key}", copy["InferenceSpecification"]!["Containers"]![0]!["ModelDataUrl"]!.GetValue<string>());
        Assert.Equal("Approved", copy["ModelApprovalStatus"]!.GetValue<string>());
        Assert.Equal("trained in the spoke", copy["ModelPackageDescription"]!.GetValue<string>());
        Assert.Equal(setup.SourceArn, copy["CustomerMetadataProperties"]!["sagewright:SourceModelPackageArn"]!.GetValue<string>());
        Assert.Equal("risk", copy["CustomerMetadataProperties"]!["team"]!.GetValue<string>());
        Assert.NotNull(copy["ModelMetrics"]!["ModelQuality"]);
        using var s3 = S3(setup.Hub.Root);
        using var got = await s3.GetObjectAsync(setup.HubBucket, key);
        using var bytes = new MemoryStream();
        await got.ResponseStream.CopyToAsync(bytes);
        Assert.Equal(setup.Artifact, bytes.ToArray());
    }

    [Fact]
    public async Task DeliverAsync_WhenTheSpokeGroupDoesNotShareWithTheHub_FailsForGood_WithAwsDenial()
    {
        var setup = await HubAndSpokeAsync(shareSpokeGroup: false);

        var outcome = await Target(setup.HubGroupArn).DeliverAsync(Invocation(setup, Guid.NewGuid().ToString()), CancellationToken.None);

        Assert.False(outcome.Delivered);
        Assert.False(outcome.Retryable);
        Assert.StartsWith("AccessDeniedException: ", outcome.Error);
        Assert.Contains("sagemaker:DescribeModelPackage", outcome.Error);
        Assert.Empty(await HubVersionsAsync(setup));
    }

    [Fact]
    public async Task DeliverAsync_WithARoleEventsMayNotAssume_FailsForGood()
    {
        var setup = await HubAndSpokeAsync();
        var untrusted = await server.Iam(setup.Hub.Root).CreateRoleAsync("not-for-events",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{setup.Hub.AccountId}}:root"},"Action":"sts:AssumeRole"}]}""");

        var outcome = await Target(setup.HubGroupArn).DeliverAsync(Invocation(setup, "e1", untrusted), CancellationToken.None);

        Assert.Equal(TargetOutcome.Fail($"AccessDenied: events.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: {untrusted}"), outcome);
        Assert.Empty(await HubVersionsAsync(setup));
    }

    [Fact]
    public async Task CheckAsync_RequiresRoleAndArtifactUri()
    {
        var target = Target($"arn:aws:sagemaker:{Region}:111122223333:model-package-group/central");
        var definition = new EventTargetDefinition("111122223333", Region, $"arn:aws:events:{Region}:111122223333:rule/r",
            new JsonObject { ["Id"] = "t", ["Arn"] = $"arn:aws:sagemaker:{Region}:111122223333:model-package-group/central", ["RoleArn"] = "arn:aws:iam::111122223333:role/r" });

        var missingUri = await target.CheckAsync(definition, CancellationToken.None);
        definition.Target["SageMakerPipelineParameters"] = new JsonObject
        {
            ["PipelineParameterList"] = new JsonArray(new JsonObject { ["Name"] = "ArtifactS3Uri", ["Value"] = "s3://hub/prefix/" }),
        };
        var valid = await target.CheckAsync(definition, CancellationToken.None);

        Assert.Equal("ValidationException", missingUri.ErrorCode);
        Assert.True(valid.IsValid);
        Assert.False(target.Accepts($"arn:aws:sagemaker:{Region}:111122223333:pipeline/p"));
    }
}
