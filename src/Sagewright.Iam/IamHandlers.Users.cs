using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

internal sealed partial class IamHandlers
{
    public async ValueTask<OperationResult> CreateUser(OperationCall call)
    {
        var input = call.Input;
        var userName = input.Required("UserName");
        var tags = input.Tags();
        var user = new UserRecord(call.AccountId, userName, Ids.Prefixed("AIDA"), input.Optional("Path") ?? "/", time.GetUtcNow(),
            input.Optional("PermissionsBoundary"));
        await CreateEntityAsync(call, EntityKind.User, userName, user.PermissionsBoundary, tags, db => IamStore.InsertUserAsync(db, user));
        return new JsonObject { ["User"] = UserJson(user, tags, includeBoundary: true) };
    }

    /// <summary>Without UserName: the calling user, or for root credentials the account's root.</summary>
    public async ValueTask<OperationResult> GetUser(OperationCall call)
    {
        var caller = call.Caller;
        var userName = call.Input.Optional("UserName");
        if (userName is null && caller.Kind == PrincipalKind.Root)
        {
            var account = await Read(call, db => IamStore.FindAccountAsync(db, call.AccountId));
            return new JsonObject
            {
                ["User"] = new JsonObject
                {
                    ["UserId"] = call.AccountId,
                    ["Arn"] = IamArns.Root(call.AccountId),
                    ["CreateDate"] = Timestamp(account?.CreatedAt ?? DateTimeOffset.UnixEpoch),
                },
            };
        }
        userName ??= CallingUserName(call);
        return await Read(call, async db =>
        {
            var user = await RequireUserAsync(db, call.AccountId, userName);
            var tags = await IamStore.ListTagsAsync(db, call.AccountId, EntityKind.User, user.Key);
            return new JsonObject { ["User"] = UserJson(user, tags, includeBoundary: true) };
        });
    }

    public async ValueTask<OperationResult> ListUsers(OperationCall call)
    {
        var input = call.Input;
        var maxItems = Paging.MaxItems(input);
        var users = await Read(call, db => IamStore.ListUsersAsync(db, call.AccountId, input.Optional("PathPrefix") ?? "/",
            StartKey(input), maxItems + 1));
        return Paging.Page(new JsonObject(), "Users", users, maxItems, u => u.Key, u => UserJson(u, null));
    }

    /// <summary>AWS refuses while the user still has access keys or policies (DeleteConflict).</summary>
    public async ValueTask<OperationResult> DeleteUser(OperationCall call)
    {
        var userName = call.Input.Required("UserName");
        await Write(call, async db =>
        {
            var user = await RequireUserAsync(db, call.AccountId, userName);
            if ((await IamStore.ListAccessKeysAsync(db, call.AccountId, user.Key)).Count > 0)
            {
                throw errors.DeleteConflict("Cannot delete entity, must delete access keys first.");
            }
            await RequireNoPoliciesAsync(db, call.AccountId, EntityKind.User, user.Key);
            await IamStore.DeleteUserAsync(db, user);
        });
        return OperationResult.Empty;
    }

    /// <summary>The user an operation without UserName acts on: the caller, which must be an IAM user.</summary>
    private string CallingUserName(OperationCall call) =>
        call.Caller is { Kind: PrincipalKind.User, UserName: { } own } ? own : throw errors.NonUserCaller();

    private static JsonObject UserJson(UserRecord user, IReadOnlyList<IamTag>? tags, bool includeBoundary = false)
    {
        var json = new JsonObject
        {
            ["Path"] = user.Path,
            ["UserName"] = user.UserName,
            ["UserId"] = user.UserId,
            ["Arn"] = user.Arn,
            ["CreateDate"] = Timestamp(user.CreatedAt),
        };
        if (includeBoundary && BoundaryJson(user.PermissionsBoundary) is { } boundary)
        {
            json["PermissionsBoundary"] = boundary;
        }
        if (tags is { Count: > 0 })
        {
            json["Tags"] = tags.ToJson();
        }
        return json;
    }
}
