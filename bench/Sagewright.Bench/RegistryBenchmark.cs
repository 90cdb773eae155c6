using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sagewright.Hosting;
using Sagewright.Iam;

namespace Sagewright.Bench;

/// <summary>
/// The model registry and the event bus, in one process with the server:
/// 1. CreateModelPackage and DescribeModelPackage requests/s against the authenticated no-op call (GetCallerIdentity),
///    alternating rounds, at concurrency 1 and 16.
/// 2. The pull pattern of the hub-and-spoke registry: a spoke approves a package; its rule forwards the event to the
///    hub's bus; the hub's rule replicates the package and its artifact into the hub group. Latency from the
///    UpdateModelPackage call to the hub version being readable (polled every millisecond), one approval at a time;
///    baseline: the same three calls the replicator makes (DescribeModelPackage, CopyObject, CreateModelPackage)
///    made directly by a client, measured in the same run.
/// </summary>
public static class RegistryBenchmark
{
    private const string Region = "us-east-1";
    private const string SageMaker = "sagemaker";

    public static async Task<string> RunAsync(TimeSpan roundDuration, int rounds, int approvals)
    {
        var dataDir = Directory.CreateTempSubdirectory("sagewright-bench-").FullName;
        await using var server = await SagewrightHost.BuildAsync(new ServeOptions { DataDirectory = dataDir, Port = 0, LogFormat = "text" }, CancellationToken.None);
        await server.StartAsync();
        var endpoint = new Uri(server.Urls.First());
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false });
        var accounts = server.Services.GetRequiredService<AccountAdministration>();
        var hub = await accounts.CreateAccountAsync("bench-hub", CancellationToken.None);
        var spoke = await accounts.CreateAccountAsync("bench-spoke", CancellationToken.None);
        var hubCalls = new AwsCalls(client, endpoint, hub.AccessKeyId, hub.SecretAccessKey);
        var spokeCalls = new AwsCalls(client, endpoint, spoke.AccessKeyId, spoke.SecretAccessKey);

        var report = new StringBuilder();
        var loadAtStart = NoOpCallBenchmark.LoadAverage();
        await ThroughputAsync(report, hubCalls, NoOpCallBenchmark.SignedRequestFactory(endpoint, dataDir), client, roundDuration, rounds);
        await ReplicationLatencyAsync(report, hub, spoke, hubCalls, spokeCalls, approvals);
        report.AppendLine(CultureInfo.InvariantCulture, $"load average (1/5/15 min) at start: {loadAtStart}; at end: {NoOpCallBenchmark.LoadAverage()}");
        await server.StopAsync();
        return report.ToString();
    }

    private static async Task ThroughputAsync(StringBuilder report, AwsCalls calls, Func<HttpRequestMessage> noOp, HttpClient client,
        TimeSpan roundDuration, int rounds)
    {
        await calls.JsonAsync(SageMaker, "SageMaker.CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "throughput" });
        var create = calls.Replayable(SageMaker, "SageMaker.CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = "throughput",
            ["InferenceSpecification"] = Inference("s3://models/throughput/model.tar.gz"),
            ["ModelApprovalStatus"] = "PendingManualApproval",
        });
        var first = await calls.JsonAsync(SageMaker, "SageMaker.CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = "throughput",
            ["InferenceSpecification"] = Inference("s3://models/throughput/model.tar.gz"),
        });
        var describe = calls.Replayable(SageMaker, "SageMaker.DescribeModelPackage", new JsonObject { ["ModelPackageName"] = first["ModelPackageArn"]!.GetValue<string>() });

        report.AppendLine(CultureInfo.InvariantCulture, $"Model registry requests/s vs the authenticated no-op (sts:GetCallerIdentity); {rounds} rounds x {roundDuration.TotalSeconds:0}s each, medians; {Environment.ProcessorCount} cores; client and server in one process.");
        report.AppendLine("concurrency  no-op req/s  CreateModelPackage req/s (ratio)  DescribeModelPackage req/s (ratio)");
        foreach (var concurrency in new[] { 1, 16 })
        {
            var rates = new Dictionary<string, List<double>> { ["noop"] = [], ["create"] = [], ["describe"] = [] };
            var requests = new Dictionary<string, Func<HttpRequestMessage>> { ["noop"] = noOp, ["create"] = create, ["describe"] = describe };
            foreach (var (_, request) in requests)
            {
                await LoadGenerator.RequestsPerSecondAsync(client, request, concurrency, TimeSpan.FromSeconds(1));
            }
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, request) in requests)
                {
                    rates[name].Add(await LoadGenerator.RequestsPerSecondAsync(client, request, concurrency, roundDuration));
                }
            }
            var noOpRate = LoadGenerator.Median(rates["noop"]);
            var createRate = LoadGenerator.Median(rates["create"]);
            var describeRate = LoadGenerator.Median(rates["describe"]);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"{concurrency,11}  {noOpRate,11:0}  {createRate,24:0} ({createRate / noOpRate:0.00})  {describeRate,26:0} ({describeRate / noOpRate:0.00})");
        }
    }

    private static async Task ReplicationLatencyAsync(StringBuilder report, CreatedAccount hub, CreatedAccount spoke,
        AwsCalls hubCalls, AwsCalls spokeCalls, int approvals)
    {
        var replicator = $"arn:aws:iam::{hub.AccountId}:role/replicator";
        var busArn = $"arn:aws:events:{Region}:{hub.AccountId}:event-bus/registry";
        await SetUpHubAsync(hub, spoke, hubCalls, replicator);
        await SetUpSpokeAsync(hub, spokeCalls, replicator, busArn);

        for (var i = 0; i < approvals; i++)
        {
            await spokeCalls.JsonAsync(SageMaker, "SageMaker.CreateModelPackage", new JsonObject
            {
                ["ModelPackageGroupName"] = "churn",
                ["InferenceSpecification"] = Inference("s3://spoke-models/model.tar.gz"),
                ["ModelApprovalStatus"] = "PendingManualApproval",
            });
        }

        var latencies = new List<double>(approvals);
        for (var version = 1; version <= approvals; version++)
        {
            var started = Stopwatch.StartNew();
            await spokeCalls.JsonAsync(SageMaker, "SageMaker.UpdateModelPackage", new JsonObject
            {
                ["ModelPackageArn"] = $"arn:aws:sagemaker:{Region}:{spoke.AccountId}:model-package/churn/{version}",
                ["ModelApprovalStatus"] = "Approved",
            });
            var replicated = new JsonObject { ["ModelPackageName"] = $"arn:aws:sagemaker:{Region}:{hub.AccountId}:model-package/central/{version}" };
            while (!await hubCalls.SucceedsAsync(SageMaker, "SageMaker.DescribeModelPackage", replicated))
            {
                if (started.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"Approval {version} was not replicated into the hub within 30 s.");
                }
                await Task.Delay(1);
            }
            latencies.Add(started.Elapsed.TotalMilliseconds);
        }

        var direct = new List<double>();
        for (var i = 1; i <= Math.Min(approvals, 200); i++)
        {
            var started = Stopwatch.StartNew();
            await hubCalls.JsonAsync(SageMaker, "SageMaker.DescribeModelPackage", new JsonObject
            {
                ["ModelPackageName"] = $"arn:aws:sagemaker:{Region}:{spoke.AccountId}:model-package/churn/{i}",
            });
            await hubCalls.S3Async(HttpMethod.Put, $"/hub-models/direct/{i}/model.tar.gz", copySource: "/spoke-models/model.tar.gz");
            await hubCalls.JsonAsync(SageMaker, "SageMaker.CreateModelPackage", new JsonObject
            {
                ["ModelPackageGroupName"] = "direct",
                ["InferenceSpecification"] = Inference($"s3://hub-models/direct/{i}/model.tar.gz"),
            });
            direct.Add(started.Elapsed.TotalMilliseconds);
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Approval in a spoke -> replicated into the hub group (spoke rule -> hub bus -> hub rule -> replicate target: assume role, DescribeModelPackage, CopyObject of a 100 KB artifact, CreateModelPackage), {approvals} approvals one at a time:");
        report.AppendLine(CultureInfo.InvariantCulture, $"  replication latency ms: p50 {Percentile(latencies, 50):0.0}  p99 {Percentile(latencies, 99):0.0}  max {latencies.Max():0.0}");
        report.AppendLine(CultureInfo.InvariantCulture, $"  baseline, the same three calls made directly ({direct.Count} times) ms: p50 {Percentile(direct, 50):0.0}  p99 {Percentile(direct, 99):0.0}");
        report.AppendLine(CultureInfo.InvariantCulture, $"  replication p50 / direct p50: {Percentile(latencies, 50) / Percentile(direct, 50):0.00}");
    }

    private static async Task SetUpHubAsync(CreatedAccount hub, CreatedAccount spoke, AwsCalls hubCalls, string replicator)
    {
        await hubCalls.S3Async(HttpMethod.Put, "/hub-models");
        await hubCalls.JsonAsync(SageMaker, "SageMaker.CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "central" });
        await hubCalls.JsonAsync(SageMaker, "SageMaker.CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "direct" });
        await hubCalls.QueryAsync("iam", "CreateRole", "2010-05-08", ("RoleName", "replicator"), ("AssumeRolePolicyDocument", Policy(
            new JsonObject { ["Effect"] = "Allow", ["Principal"] = new JsonObject { ["Service"] = "events.amazonaws.com" }, ["Action"] = "sts:AssumeRole" })));
        await hubCalls.QueryAsync("iam", "PutRolePolicy", "2010-05-08", ("RoleName", "replicator"), ("PolicyName", "replicate"), ("PolicyDocument", Policy(
            new JsonObject
            {
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray("sagemaker:DescribeModelPackage", "sagemaker:CreateModelPackage", "s3:GetObject", "s3:PutObject"),
                ["Resource"] = "*",
            })));
        await hubCalls.JsonAsync("events", "AWSEvents.CreateEventBus", new JsonObject { ["Name"] = "registry" });
        await hubCalls.JsonAsync("events", "AWSEvents.PutPermission", new JsonObject
        {
            ["EventBusName"] = "registry", ["Action"] = "events:PutEvents", ["Principal"] = spoke.AccountId, ["StatementId"] = "spoke",
        });
        await hubCalls.JsonAsync("events", "AWSEvents.PutRule", new JsonObject { ["Name"] = "replicate", ["EventBusName"] = "registry", ["EventPattern"] = ApprovedPattern });
        var targets = await hubCalls.JsonAsync("events", "AWSEvents.PutTargets", new JsonObject
        {
            ["Rule"] = "replicate",
            ["EventBusName"] = "registry",
            ["Targets"] = new JsonArray(new JsonObject
            {
                ["Id"] = "hub",
                ["Arn"] = $"arn:aws:sagemaker:{Region}:{hub.AccountId}:model-package-group/central",
                ["RoleArn"] = replicator,
                ["SageMakerPipelineParameters"] = new JsonObject
                {
                    ["PipelineParameterList"] = new JsonArray(new JsonObject { ["Name"] = "ArtifactS3Uri", ["Value"] = "s3://hub-models/replicated/" }),
                },
            }),
        });
        EnsureNoFailedEntries(targets);
    }

    private static async Task SetUpSpokeAsync(CreatedAccount hub, AwsCalls spokeCalls, string replicator, string busArn)
    {
        var readers = new JsonArray(replicator, $"arn:aws:iam::{hub.AccountId}:root");
        await spokeCalls.S3Async(HttpMethod.Put, "/spoke-models");
        await spokeCalls.S3Async(HttpMethod.Put, "/spoke-models/model.tar.gz", new byte[100_000]);
        await spokeCalls.S3Async(HttpMethod.Put, "/spoke-models?policy", Encoding.UTF8.GetBytes(Policy(new JsonObject
        {
            ["Effect"] = "Allow", ["Principal"] = new JsonObject { ["AWS"] = readers.DeepClone() }, ["Action"] = "s3:GetObject", ["Resource"] = "arn:aws:s3:::spoke-models/*",
        })));
        await spokeCalls.JsonAsync(SageMaker, "SageMaker.CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "churn" });
        await spokeCalls.JsonAsync(SageMaker, "SageMaker.PutModelPackageGroupPolicy", new JsonObject
        {
            ["ModelPackageGroupName"] = "churn",
            ["ResourcePolicy"] = Policy(new JsonObject
            {
                ["Effect"] = "Allow", ["Principal"] = new JsonObject { ["AWS"] = readers.DeepClone() }, ["Action"] = "sagemaker:DescribeModelPackage", ["Resource"] = "*",
            }),
        });
        await spokeCalls.JsonAsync("events", "AWSEvents.PutRule", new JsonObject { ["Name"] = "to-hub", ["EventPattern"] = ApprovedPattern });
        EnsureNoFailedEntries(await spokeCalls.JsonAsync("events", "AWSEvents.PutTargets", new JsonObject
        {
            ["Rule"] = "to-hub",
            ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "hub-bus", ["Arn"] = busArn }),
        }));
    }

    private const string ApprovedPattern =
        """{"source":["aws.sagemaker"],"detail-type":["SageMaker Model Package State Change"],"detail":{"ModelApprovalStatus":["Approved"]}}""";

    private static JsonObject Inference(string modelDataUrl) => new()
    {
        ["Containers"] = new JsonArray(new JsonObject { ["Image"] = "registry.local/churn:1", ["ModelDataUrl"] = modelDataUrl }),
        ["SupportedContentTypes"] = new JsonArray("text/csv"),
        ["SupportedResponseMIMETypes"] = new JsonArray("text/csv"),
    };

    private static string Policy(JsonObject statement) =>
        new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) }.ToJsonString();

    private static void EnsureNoFailedEntries(JsonObject result)
    {
        if (result["FailedEntryCount"]?.GetValue<int>() is > 0)
        {
            throw new InvalidOperationException($"PutTargets failed: {result.ToJsonString()}");
        }
    }

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
