using System.Text.Json.Nodes;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.SageMaker.Registry.Tags;

namespace Sagewright.SageMaker.Registry;

internal sealed partial class RegistryHandlers
{
    /// <summary>Groups are ready as soon as they are created.</summary>
    private const string GroupCompleted = "Completed";

    /// <summary>The status a deleted group's last event carries (deletion itself is immediate).</summary>
    private const string GroupDeleting = "Deleting";

    public async ValueTask<OperationResult> CreateModelPackageGroup(OperationCall call)
    {
        var id = Group(call);
        var description = call.Input.Optional("ModelPackageGroupDescription");
        var createdBy = UserContext(call).ToJsonString();
        var tags = Tags(call);
        var created = await WriteAsync(call, async db =>
        {
            var now = time.GetUtcNow();
            if (!await RegistryStore.InsertGroupAsync(db, id, description, now, createdBy))
            {
                return false;
            }
            await SageMakerTagStore.AddAsync(db, id.AccountId, id.Region, id.Arn, tags);
            await events.GroupChangedAsync(db, await FindGroupAsync(db, id), GroupCompleted, tags, now);
            return true;
        });
        return created ? Arn("ModelPackageGroupArn", id.Arn) : throw errors.GroupExists(id.Arn);
    }

    public async ValueTask<OperationResult> DescribeModelPackageGroup(OperationCall call)
    {
        var group = await ReadAsync(call, db => FindGroupAsync(db, Group(call)));
        var output = GroupSummary(group);
        output["CreatedBy"] = JsonNode.Parse(group.CreatedBy);
        return output;
    }

    public async ValueTask<OperationResult> ListModelPackageGroups(OperationCall call)
    {
        var query = ListQuery.From(call.Input, errors);
        var rows = call.Input.Optional("CrossAccountFilterOption") == "CrossAccount"
            ? await SharedGroupsAsync(call, query)
            : await ReadAsync(call, db => RegistryStore.ListGroupsAsync(db, call.AccountId, call.Region, query));
        var (items, nextToken) = query.Page(rows, g => g.Name, g => g.CreatedAt, g => g.Id);
        return ListOutput("ModelPackageGroupSummaryList", items.Select(GroupSummary), nextToken);
    }

    /// <summary>
    /// CrossAccount lists other accounts' groups in the region made discoverable to the caller. AWS shares them
    /// through RAM; Sagewright's sharing is the group's resource policy: a group is listed when its policy and the
    /// caller's identity policies together allow sagemaker:DescribeModelPackageGroup on it. Every group with a policy
    /// in the region is read and evaluated, then the page is cut (fine for a registry's tens of thousands of groups).
    /// </summary>
    private async Task<IReadOnlyList<GroupRecord>> SharedGroupsAsync(OperationCall call, ListQuery query)
    {
        var candidates = await ReadAsync(call, db => RegistryStore.ListSharedGroupsAsync(db, call.AccountId, call.Region, query));
        var keys = Authorizer.GlobalConditionKeys(call.Context);
        var shared = new List<GroupRecord>();
        foreach (var group in candidates)
        {
            var result = await authorizer.EvaluateAsync(call.Caller, "sagemaker:DescribeModelPackageGroup", group.Arn,
                new ResourcePolicy(group.Policy, group.AccountId), keys, call.Aborted);
            if (result.IsAllowed)
            {
                shared.Add(group);
                if (shared.Count > query.MaxResults)
                {
                    break;
                }
            }
        }
        return shared;
    }

    public async ValueTask<OperationResult> DeleteModelPackageGroup(OperationCall call)
    {
        await WriteAsync(call, async db =>
        {
            var group = await FindGroupAsync(db, Group(call));
            if (await RegistryStore.GroupHasPackagesAsync(db, group))
            {
                throw errors.GroupNotEmpty(group.Arn);
            }
            var tags = await SageMakerTagStore.ListAsync(db, group.AccountId, group.Region, group.Arn);
            await SageMakerTagStore.DeleteAllAsync(db, group.AccountId, group.Region, group.Arn);
            await events.GroupChangedAsync(db, group, GroupDeleting, tags, time.GetUtcNow());
            return await RegistryStore.DeleteGroupAsync(db, group);
        });
        return OperationResult.Empty;
    }

    private async Task<GroupRecord> FindGroupAsync(Data.DbSession db, GroupId id) =>
        await RegistryStore.FindGroupAsync(db, id) ?? throw errors.GroupNotFound(id.Arn);

    private static JsonObject GroupSummary(GroupRecord group)
    {
        var summary = new JsonObject
        {
            ["ModelPackageGroupName"] = group.Name,
            ["ModelPackageGroupArn"] = group.Arn,
            ["CreationTime"] = JsonValue.Create(group.CreatedAt),
            ["ModelPackageGroupStatus"] = GroupCompleted,
        };
        if (group.Description is not null)
        {
            summary["ModelPackageGroupDescription"] = group.Description;
        }
        return summary;
    }
}
