using System.Globalization;
using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Contracts;
using Sagewright.SageMaker.Registry.Tags;

namespace Sagewright.SageMaker.Registry;

/// <summary>
/// The events SageMaker puts on the owner's default bus when a model package or group changes, written through the
/// Events module's transactional outbox in the same transaction as the change. Detail members are named and shaped
/// as in AWS's documented "SageMaker Model Package State Change" example (times as ISO strings in whole seconds),
/// and only members that are set appear. AWS documents no example of the group event: its detail mirrors
/// DescribeModelPackageGroup (our choice, see docs/sagemaker-registry.md).
/// The publisher comes from the Events module.
/// </summary>
internal sealed class RegistryEvents(IEventPublisher publisher)
{
    public const string Source = "aws.sagemaker";
    public const string PackageStateChange = "SageMaker Model Package State Change";
    public const string GroupStateChange = "SageMaker Model Package Group State Change";

    public ValueTask PackageChangedAsync(DbSession db, PackageRecord package, string status, IReadOnlyList<SageMakerTag> tags, DateTimeOffset now)
    {
        var detail = new JsonObject();
        if (package.Version is { } version)
        {
            detail["ModelPackageGroupName"] = package.Name;
            detail["ModelPackageVersion"] = version;
        }
        else
        {
            detail["ModelPackageName"] = package.Name;
        }
        detail["ModelPackageArn"] = package.Arn;
        if (package.Description is not null)
        {
            detail["ModelPackageDescription"] = package.Description;
        }
        detail["CreationTime"] = IsoTime(package.CreatedAt);
        var details = JsonNode.Parse(package.Details)!.AsObject();
        if (details["InferenceSpecification"] is { } specification)
        {
            detail["InferenceSpecification"] = specification.DeepClone();
        }
        detail["ModelPackageStatus"] = status;
        detail["ModelPackageStatusDetails"] = new JsonObject { ["ValidationStatuses"] = new JsonArray(), ["ImageScanStatuses"] = new JsonArray() };
        // AWS's example carries CertifyForMarketplace false for a package that did not ask for it.
        detail["CertifyForMarketplace"] = details["CertifyForMarketplace"]?.DeepClone() ?? false;
        detail["ModelApprovalStatus"] = package.ApprovalStatus;
        if (package.ApprovalDescription is not null)
        {
            detail["ApprovalDescription"] = package.ApprovalDescription;
        }
        foreach (var (member, value) in details)
        {
            if (value is not null && member is not ("InferenceSpecification" or "CertifyForMarketplace" or "CreatedBy" or "LastModifiedBy"))
            {
                detail[member] = value.DeepClone();
            }
        }
        detail["LastModifiedTime"] = IsoTime(package.LastModifiedAt);
        detail["Tags"] = TagMap(tags);
        return publisher.PublishAsync(db, new PlatformEvent(package.AccountId, package.Region, Source, PackageStateChange, [package.Arn], detail, now));
    }

    public ValueTask GroupChangedAsync(DbSession db, GroupRecord group, string status, IReadOnlyList<SageMakerTag> tags, DateTimeOffset now)
    {
        var detail = new JsonObject
        {
            ["ModelPackageGroupName"] = group.Name,
            ["ModelPackageGroupArn"] = group.Arn,
        };
        if (group.Description is not null)
        {
            detail["ModelPackageGroupDescription"] = group.Description;
        }
        detail["CreationTime"] = IsoTime(group.CreatedAt);
        detail["CreatedBy"] = JsonNode.Parse(group.CreatedBy);
        detail["ModelPackageGroupStatus"] = status;
        detail["Tags"] = TagMap(tags);
        return publisher.PublishAsync(db, new PlatformEvent(group.AccountId, group.Region, Source, GroupStateChange, [group.Arn], detail, now));
    }

    private static string IsoTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>SageMaker's events carry tags as a map ("Tags": {} in AWS's examples), not the API's Key/Value list.</summary>
    private static JsonObject TagMap(IReadOnlyList<SageMakerTag> tags)
    {
        var map = new JsonObject();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }
        return map;
    }
}
