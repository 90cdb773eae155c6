using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Registry;

internal sealed partial class RegistryHandlers
{
    /// <summary>Groups are ready as soon as they are created.</summary>
    private const string GroupCompleted = "Completed";

    public async ValueTask<OperationResult> CreateModelPackageGroup(OperationCall call)
    {
        var id = Group(call);
        var description = call.Input.Optional("ModelPackageGroupDescription");
        var createdBy = new JsonObject().ToJsonString();
        var tags = Tags(call);
        var created = await WriteAsync(call, async db =>
        {
            if (!await RegistryStore.InsertGroupAsync(db, id, description, time.GetUtcNow(), createdBy))
            {
                return false;
            }
            await RegistryStore.InsertTagsAsync(db, id.AccountId, id.Region, id.Arn, tags);
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
        if (call.Input.Optional("CrossAccountFilterOption") == "CrossAccount")
        {
            throw RegistryErrors.NotImplemented("ListModelPackageGroups with CrossAccountFilterOption CrossAccount");
        }
        var query = ListQuery.From(call.Input, errors);
        var rows = await ReadAsync(call, db => RegistryStore.ListGroupsAsync(db, call.AccountId, call.Region, query));
        var (items, nextToken) = query.Page(rows, g => g.Name, g => g.CreatedAt, g => g.Id);
        return ListOutput("ModelPackageGroupSummaryList", items.Select(GroupSummary), nextToken);
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
            await RegistryStore.DeleteTagsAsync(db, group.AccountId, group.Region, group.Arn);
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
