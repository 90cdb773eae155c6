using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

internal sealed partial class IamHandlers
{
    /// <summary>
    /// Without UserName the key is the calling user's, or for root credentials a new root key. At most two keys
    /// per user (or root), as AWS.
    /// </summary>
    public async ValueTask<OperationResult> CreateAccessKey(OperationCall call)
    {
        var (key, user) = await Write(call, async db =>
        {
            var owner = await KeyOwnerAsync(db, call);
            if ((await IamStore.ListAccessKeysAsync(db, call.AccountId, owner?.Key)).Count >= MaxAccessKeysPerUser)
            {
                throw errors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {MaxAccessKeysPerUser}");
            }
            var created = new AccessKeyRecord(Ids.Prefixed("AKIA"), call.AccountId, owner?.Key, Ids.SecretAccessKey(),
                AccessKeyRecord.Active, time.GetUtcNow());
            await IamStore.InsertAccessKeyAsync(db, created);
            return (created, owner);
        });
        var json = new JsonObject
        {
            ["AccessKeyId"] = key.AccessKeyId,
            ["Status"] = key.Status,
            ["SecretAccessKey"] = key.SecretAccessKey,
            ["CreateDate"] = Timestamp(key.CreatedAt),
        };
        if (user is not null)
        {
            json["UserName"] = user.UserName;
        }
        return new JsonObject { ["AccessKey"] = json };
    }

    public async ValueTask<OperationResult> DeleteAccessKey(OperationCall call)
    {
        await Write(call, async db =>
        {
            var key = await RequireOwnKeyAsync(db, call);
            await IamStore.DeleteAccessKeyAsync(db, key.AccessKeyId);
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> UpdateAccessKey(OperationCall call)
    {
        var status = call.Input.Required("Status");
        if (status is not (AccessKeyRecord.Active or AccessKeyRecord.Inactive))
        {
            throw errors.InvalidInput($"The status {status} is not valid: use Active or Inactive.");
        }
        await Write(call, async db =>
        {
            var key = await RequireOwnKeyAsync(db, call);
            await IamStore.UpdateAccessKeyStatusAsync(db, key.AccessKeyId, status);
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> ListAccessKeys(OperationCall call) => await Read(call, async db =>
    {
        var owner = await KeyOwnerAsync(db, call);
        var keys = (await IamStore.ListAccessKeysAsync(db, call.AccountId, owner?.Key)).OrderBy(k => k.AccessKeyId, StringComparer.Ordinal);
        var maxItems = Paging.MaxItems(call.Input);
        return Paging.Page(new JsonObject(), "AccessKeyMetadata", Paging.Window(keys, k => k.AccessKeyId, StartKey(call.Input), maxItems), maxItems,
            k => k.AccessKeyId, k =>
            {
                var json = new JsonObject { ["AccessKeyId"] = k.AccessKeyId, ["Status"] = k.Status, ["CreateDate"] = Timestamp(k.CreatedAt) };
                if (owner is not null)
                {
                    json["UserName"] = owner.UserName;
                }
                return json;
            });
    });

    /// <summary>The user whose keys the call manages; null for the root user's own keys.</summary>
    private async Task<UserRecord?> KeyOwnerAsync(DbSession db, OperationCall call)
    {
        if (call.Input.Optional("UserName") is { } userName)
        {
            return await RequireUserAsync(db, call.AccountId, userName);
        }
        return call.Caller.Kind == PrincipalKind.Root ? null : await RequireUserAsync(db, call.AccountId, CallingUserName(call));
    }

    private async Task<AccessKeyRecord> RequireOwnKeyAsync(DbSession db, OperationCall call)
    {
        var owner = await KeyOwnerAsync(db, call);
        var accessKeyId = call.Input.Required("AccessKeyId");
        var key = await IamStore.FindAccessKeyAsync(db, accessKeyId);
        return key is not null && key.AccountId == call.AccountId && key.UserKey == owner?.Key
            ? key
            : throw errors.NoSuchEntity($"The Access Key with id {accessKeyId} cannot be found.");
    }
}
