using Sagewright.Data;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

/// <summary>What users and roles share: creation, tags, permissions boundaries, and the policies that block deleting them.</summary>
internal sealed partial class IamHandlers
{
    public ValueTask<OperationResult> TagUser(OperationCall call) => TagEntity(call, EntityKind.User);
    public ValueTask<OperationResult> UntagUser(OperationCall call) => UntagEntity(call, EntityKind.User);
    public ValueTask<OperationResult> ListUserTags(OperationCall call) => ListEntityTags(call, EntityKind.User);
    public ValueTask<OperationResult> PutUserPermissionsBoundary(OperationCall call) => PutPermissionsBoundary(call, EntityKind.User);
    public ValueTask<OperationResult> DeleteUserPermissionsBoundary(OperationCall call) => DeletePermissionsBoundary(call, EntityKind.User);
    public ValueTask<OperationResult> TagRole(OperationCall call) => TagEntity(call, EntityKind.Role);
    public ValueTask<OperationResult> UntagRole(OperationCall call) => UntagEntity(call, EntityKind.Role);
    public ValueTask<OperationResult> ListRoleTags(OperationCall call) => ListEntityTags(call, EntityKind.Role);
    public ValueTask<OperationResult> PutRolePermissionsBoundary(OperationCall call) => PutPermissionsBoundary(call, EntityKind.Role);
    public ValueTask<OperationResult> DeleteRolePermissionsBoundary(OperationCall call) => DeletePermissionsBoundary(call, EntityKind.Role);

    /// <summary>
    /// Stores a new user or role with <paramref name="insert"/>, and its tags: the name must be free without regard to case
    /// and the permissions boundary attachable.
    /// </summary>
    private async Task CreateEntityAsync(OperationCall call, string entityKind, string name, string? boundaryArn, IReadOnlyList<IamTag> tags,
        Func<DbSession, Task> insert)
    {
        CheckTagKeys(tags.Select(t => t.Key).ToArray());
        await Write(call, async db =>
        {
            var taken = entityKind == EntityKind.User
                ? await IamStore.UserNameTakenAsync(db, call.AccountId, name)
                : await IamStore.RoleNameTakenAsync(db, call.AccountId, name);
            if (taken)
            {
                throw errors.EntityAlreadyExists($"{(entityKind == EntityKind.User ? "User" : "Role")} with name {name} already exists.");
            }
            if (boundaryArn is not null)
            {
                await RequireAttachableAsync(db, call.AccountId, boundaryArn);
            }
            await insert(db);
            await TagEntityAsync(db, call.AccountId, entityKind, IamArns.NameKey(name), tags, TagQuotaName(entityKind));
        });
    }

    private async ValueTask<OperationResult> TagEntity(OperationCall call, string entityKind)
    {
        await Write(call, async db =>
        {
            var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
            await TagEntityAsync(db, call.AccountId, entityKind, entityKey, call.Input.Tags(), TagQuotaName(entityKind));
        });
        return OperationResult.Empty;
    }

    private async ValueTask<OperationResult> UntagEntity(OperationCall call, string entityKind)
    {
        await Write(call, async db =>
        {
            var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
            await UntagEntityAsync(db, call.AccountId, entityKind, entityKey, call.Input.StringList("TagKeys"));
        });
        return OperationResult.Empty;
    }

    private async ValueTask<OperationResult> ListEntityTags(OperationCall call, string entityKind) => await Read(call, async db =>
    {
        var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
        return TagPage(call.Input, await IamStore.ListTagsAsync(db, call.AccountId, entityKind, entityKey));
    });

    private async ValueTask<OperationResult> PutPermissionsBoundary(OperationCall call, string entityKind)
    {
        await Write(call, async db =>
        {
            var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
            var boundary = await RequireAttachableAsync(db, call.AccountId, call.Input.Required("PermissionsBoundary"));
            await IamStore.SetPermissionsBoundaryAsync(db, call.AccountId, entityKind, entityKey, boundary.Arn);
        });
        return OperationResult.Empty;
    }

    private async ValueTask<OperationResult> DeletePermissionsBoundary(OperationCall call, string entityKind)
    {
        await Write(call, async db =>
        {
            var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
            await IamStore.SetPermissionsBoundaryAsync(db, call.AccountId, entityKind, entityKey, null);
        });
        return OperationResult.Empty;
    }

    /// <summary>The user (UserName) or role (RoleName) an operation names: its name and key.</summary>
    private async Task<(string Name, string Key)> RequireEntityAsync(DbSession db, OperationCall call, string entityKind)
    {
        if (entityKind == EntityKind.User)
        {
            var user = await RequireUserAsync(db, call.AccountId, call.Input.Required("UserName"));
            return (user.UserName, user.Key);
        }
        var role = await RequireRoleAsync(db, call.AccountId, call.Input.Required("RoleName"));
        return (role.RoleName, role.Key);
    }

    /// <summary>AWS refuses to delete a user or role that still has inline or attached policies (DeleteConflict).</summary>
    private async Task RequireNoPoliciesAsync(DbSession db, string accountId, string entityKind, string entityKey)
    {
        if ((await IamStore.ListInlinePoliciesAsync(db, accountId, entityKind, entityKey)).Count > 0)
        {
            throw errors.DeleteConflict("Cannot delete entity, must delete policies first.");
        }
        if ((await IamStore.ListAttachedPolicyArnsAsync(db, accountId, entityKind, entityKey)).Count > 0)
        {
            throw errors.DeleteConflict("Cannot delete entity, must detach all policies first.");
        }
    }

    private static string TagQuotaName(string entityKind) => entityKind == EntityKind.User ? "TagsPerUser" : "TagsPerRole";
}
