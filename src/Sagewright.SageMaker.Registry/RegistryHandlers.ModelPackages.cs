using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.SageMaker.Registry.Tags;

namespace Sagewright.SageMaker.Registry;

internal sealed partial class RegistryHandlers
{
    /// <summary>Packages are ready at once: no validation or image scan runs, so their status lists stay empty.</summary>
    private const string PackageCompleted = "Completed";

    /// <summary>The status a deleted package's last event carries (deletion itself is immediate).</summary>
    private const string PackageDeleting = "Deleting";

    private const string PendingManualApproval = "PendingManualApproval";

    /// <summary>The members a package keeps as given and describes back unchanged.</summary>
    private static readonly string[] StoredMembers =
    [
        "InferenceSpecification", "ModelMetrics", "MetadataProperties", "CustomerMetadataProperties", "Domain", "Task",
        "SamplePayloadUrl", "SourceUri", "AdditionalInferenceSpecifications", "SkipModelValidation", "DriftCheckBaselines",
        "SourceAlgorithmSpecification", "CertifyForMarketplace", "ModelCard", "ModelLifeCycle",
        "SecurityConfig", "ModelPackageRegistrationType",
    ];

    public async ValueTask<OperationResult> CreateModelPackage(OperationCall call)
    {
        if (call.Input["ValidationSpecification"] is not null)
        {
            // It asks SageMaker to run transform jobs that validate the package, which Sagewright cannot do yet.
            throw RegistryErrors.NotImplemented("CreateModelPackage with ValidationSpecification");
        }
        var now = time.GetUtcNow();
        var details = new JsonObject();
        foreach (var member in StoredMembers.Where(m => call.Input[m] is not null))
        {
            details[member] = call.Input[member]!.DeepClone();
        }
        details["CreatedBy"] = UserContext(call);
        var clientToken = call.Input.Optional("ClientToken");
        var tags = Tags(call);
        var draft = new PackageRecord(0, call.AccountId, call.Region, "", null, call.Input.Optional("ModelPackageDescription"),
            call.Input.Optional("ModelApprovalStatus") ?? PendingManualApproval, null, now, now, clientToken, details.ToJsonString());
        var arn = call.Input.Optional("ModelPackageGroupName") is not null
            ? await CreateVersionAsync(call, draft, tags)
            : await CreateUnversionedAsync(call, draft, tags);
        return Arn("ModelPackageArn", arn);
    }

    /// <summary>
    /// The version is taken from the group's counter in the same write transaction as the insert, so concurrent
    /// creates never share a number (SQLite serializes writers; PostgreSQL's SERIALIZABLE retry reruns all of it).
    /// A ClientToken the group has already seen returns that package instead.
    /// </summary>
    private Task<string> CreateVersionAsync(OperationCall call, PackageRecord draft, IReadOnlyList<SageMakerTag> tags) => WriteAsync(call, async db =>
    {
        var group = await FindGroupAsync(db, Group(call));
        if (draft.ClientToken is { } token && await RegistryStore.FindByClientTokenAsync(db, group, token) is { } earlier)
        {
            return earlier.Arn;
        }
        var package = draft with { AccountId = group.AccountId, Region = group.Region, Name = group.Name, Version = await RegistryStore.NextVersionAsync(db, group) };
        if (!await RegistryStore.InsertPackageAsync(db, package))
        {
            throw new InvalidOperationException($"Version {package.Version} of {group.Arn} was taken although the counter had just given it.");
        }
        await AddCreatedPackageAsync(db, package, tags);
        return package.Arn;
    });

    private async Task<string> CreateUnversionedAsync(OperationCall call, PackageRecord draft, IReadOnlyList<SageMakerTag> tags)
    {
        var id = Package(call, "ModelPackageName");
        var package = draft with { Name = id.Name };
        var created = await WriteAsync(call, async db =>
        {
            if (!await RegistryStore.InsertPackageAsync(db, package))
            {
                return false;
            }
            await AddCreatedPackageAsync(db, package, tags);
            return true;
        });
        return created ? package.Arn : throw errors.PackageExists(package.Arn);
    }

    private async Task AddCreatedPackageAsync(DbSession db, PackageRecord package, IReadOnlyList<SageMakerTag> tags)
    {
        await SageMakerTagStore.AddAsync(db, package.AccountId, package.Region, package.Arn, tags);
        await events.PackageChangedAsync(db, package, PackageCompleted, tags, package.CreatedAt);
    }

    public async ValueTask<OperationResult> DescribeModelPackage(OperationCall call)
    {
        var package = await ReadAsync(call, db => FindPackageAsync(db, Package(call, "ModelPackageName")));
        var output = PackageSummary(package);
        output["ModelPackageStatusDetails"] = new JsonObject { ["ValidationStatuses"] = new JsonArray(), ["ImageScanStatuses"] = new JsonArray() };
        output["LastModifiedTime"] = JsonValue.Create(package.LastModifiedAt);
        if (package.ApprovalDescription is not null)
        {
            output["ApprovalDescription"] = package.ApprovalDescription;
        }
        foreach (var (member, value) in JsonNode.Parse(package.Details)!.AsObject())
        {
            output[member] = value?.DeepClone();
        }
        return output;
    }

    public async ValueTask<OperationResult> ListModelPackages(OperationCall call)
    {
        var query = ListQuery.From(call.Input, errors);
        var (account, region) = (call.AccountId, call.Region);
        var type = call.Input.Optional("ModelPackageType");
        if (call.Input.Optional("ModelPackageGroupName") is not null)
        {
            var group = Group(call);
            (account, region) = (group.AccountId, group.Region);
            query.Add("group_key = @groupKey", "groupKey", group.Key);
            type ??= "Versioned";
        }
        if ((type ?? "Unversioned") != "Both")
        {
            query.Add(type == "Versioned" ? "version IS NOT NULL" : "version IS NULL");
        }
        if (call.Input.Optional("ModelApprovalStatus") is { } approval)
        {
            query.Add("approval_status = @approvalStatus", "approvalStatus", approval);
        }
        var rows = await ReadAsync(call, db => RegistryStore.ListPackagesAsync(db, account, region, query));
        var (items, nextToken) = query.Page(rows, p => p.Name, p => p.CreatedAt, p => p.Id);
        return ListOutput("ModelPackageSummaryList", items.Select(PackageSummary), nextToken);
    }

    public async ValueTask<OperationResult> UpdateModelPackage(OperationCall call)
    {
        var input = call.Input;
        var arn = await WriteAsync(call, async db =>
        {
            var package = await FindPackageAsync(db, Package(call, "ModelPackageArn"));
            var details = JsonNode.Parse(package.Details)!.AsObject();
            var metadata = details["CustomerMetadataProperties"] as JsonObject ?? [];
            foreach (var (key, value) in input["CustomerMetadataProperties"] as JsonObject ?? [])
            {
                metadata[key] = value?.DeepClone();
            }
            foreach (var key in (input["CustomerMetadataPropertiesToRemove"] as JsonArray ?? []).Select(k => k!.GetValue<string>()))
            {
                metadata.Remove(key);
            }
            details["CustomerMetadataProperties"] = metadata.Count > 0 ? metadata : null;
            foreach (var member in (string[])["InferenceSpecification", "SourceUri", "ModelCard", "ModelLifeCycle", "ModelPackageRegistrationType"])
            {
                if (input[member] is { } value)
                {
                    details[member] = value.DeepClone();
                }
            }
            if (input["AdditionalInferenceSpecificationsToAdd"] is JsonArray added)
            {
                var all = details["AdditionalInferenceSpecifications"] as JsonArray ?? [];
                foreach (var specification in added)
                {
                    all.Add(specification?.DeepClone());
                }
                details["AdditionalInferenceSpecifications"] = all;
            }
            details["LastModifiedBy"] = UserContext(call);
            foreach (var empty in details.Where(e => e.Value is null).Select(e => e.Key).ToArray())
            {
                details.Remove(empty);
            }
            var updated = package with
            {
                ApprovalStatus = input.Optional("ModelApprovalStatus") ?? package.ApprovalStatus,
                ApprovalDescription = input.Optional("ApprovalDescription") ?? package.ApprovalDescription,
                LastModifiedAt = time.GetUtcNow(),
                Details = details.ToJsonString(),
            };
            await RegistryStore.UpdatePackageAsync(db, updated);
            var tags = await SageMakerTagStore.ListAsync(db, package.AccountId, package.Region, package.Arn);
            await events.PackageChangedAsync(db, updated, PackageCompleted, tags, updated.LastModifiedAt);
            return package.Arn;
        });
        return Arn("ModelPackageArn", arn);
    }

    public async ValueTask<OperationResult> DeleteModelPackage(OperationCall call)
    {
        await WriteAsync(call, async db =>
        {
            var package = await FindPackageAsync(db, Package(call, "ModelPackageName"));
            var tags = await SageMakerTagStore.ListAsync(db, package.AccountId, package.Region, package.Arn);
            await SageMakerTagStore.DeleteAllAsync(db, package.AccountId, package.Region, package.Arn);
            await events.PackageChangedAsync(db, package, PackageDeleting, tags, time.GetUtcNow());
            return await RegistryStore.DeletePackageAsync(db, package);
        });
        return OperationResult.Empty;
    }

    private async Task<PackageRecord> FindPackageAsync(DbSession db, PackageId id) =>
        await RegistryStore.FindPackageAsync(db, id) ?? throw errors.PackageNotFound(id.Arn);

    /// <summary>The summary members; a versioned package is named by group and version only, as SageMaker describes it.</summary>
    private static JsonObject PackageSummary(PackageRecord package)
    {
        var summary = new JsonObject
        {
            ["ModelPackageArn"] = package.Arn,
            ["CreationTime"] = JsonValue.Create(package.CreatedAt),
            ["ModelPackageStatus"] = PackageCompleted,
            ["ModelApprovalStatus"] = package.ApprovalStatus,
        };
        if (package.Version is { } version)
        {
            summary["ModelPackageGroupName"] = package.Name;
            summary["ModelPackageVersion"] = version;
        }
        else
        {
            summary["ModelPackageName"] = package.Name;
        }
        if (package.Description is not null)
        {
            summary["ModelPackageDescription"] = package.Description;
        }
        return summary;
    }
}
