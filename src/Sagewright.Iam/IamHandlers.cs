using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Iam;

/// <summary>
/// The IAM operations, one method per AWS operation, split by resource family. Each runs its reads and writes in
/// one transaction and maps outcomes to IAM's errors; authorization already happened in the pipeline.
/// Every write invalidates the <see cref="IamCache"/>, so it applies to the very next request.
/// </summary>
internal sealed partial class IamHandlers(IDatabase database, IamErrors errors, TimeProvider time, IamCache cache)
{
    private const int MaxTagsPerEntity = 50;
    private const int MaxAttachedPoliciesPerEntity = 10;
    private const int MaxAccessKeysPerUser = 2;
    private const int MaxPolicyVersions = 5;

    private Task<T> Read<T>(OperationCall call, Func<DbSession, Task<T>> work) => database.ReadAsync(work, call.Aborted);

    private async Task<T> Write<T>(OperationCall call, Func<DbSession, Task<T>> work)
    {
        try
        {
            var result = await database.WriteAsync(work, call.Aborted);
            cache.Invalidate();
            return result;
        }
        catch (Exception e) when (e is not AwsServiceException)
        {
            // A handler's AWS error rolled the transaction back; anything else may have come after a commit whose
            // acknowledgement was lost, with the data changed.
            cache.Invalidate();
            throw;
        }
    }

    private Task Write(OperationCall call, Func<DbSession, Task> work) =>
        Write(call, async db =>
        {
            await work(db);
            return true;
        });

    private async Task<UserRecord> RequireUserAsync(DbSession db, string accountId, string userName) =>
        await IamStore.FindUserAsync(db, accountId, userName) ?? throw errors.NoSuchUser(userName);

    private async Task<RoleRecord> RequireRoleAsync(DbSession db, string accountId, string roleName) =>
        await IamStore.FindRoleAsync(db, accountId, roleName) ?? throw errors.NoSuchRole(roleName);

    /// <summary>A managed policy that can be attached or used as a boundary in the account.</summary>
    private async Task<ManagedPolicyRecord> RequireAttachableAsync(DbSession db, string accountId, string policyArn) =>
        await IamStore.FindManagedPolicyAsync(db, accountId, policyArn) ?? throw errors.NotAttachable(policyArn);

    private static JsonObject? BoundaryJson(string? boundaryArn) => boundaryArn is null
        ? null
        : new JsonObject { ["PermissionsBoundaryType"] = "PermissionsBoundaryPolicy", ["PermissionsBoundaryArn"] = boundaryArn };

    /// <summary>Tag keys are unique per entity without regard to case; a request may not repeat one.</summary>
    private void CheckTagKeys(IReadOnlyCollection<string> keys)
    {
        if (keys.Distinct(StringComparer.OrdinalIgnoreCase).Count() != keys.Count)
        {
            throw errors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }
    }

    /// <summary>Adds or overwrites tags, replacing an existing key that differs only in case.</summary>
    private async Task TagEntityAsync(DbSession db, string accountId, string entityKind, string entityKey, IReadOnlyList<IamTag> tags, string quotaName)
    {
        CheckTagKeys(tags.Select(t => t.Key).ToArray());
        var existing = await IamStore.ListTagsAsync(db, accountId, entityKind, entityKey);
        var replaced = existing.Where(e => tags.Any(t => string.Equals(t.Key, e.Key, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (existing.Count - replaced.Length + tags.Count > MaxTagsPerEntity)
        {
            throw errors.LimitExceeded($"Cannot exceed quota for {quotaName}: {MaxTagsPerEntity}");
        }
        await IamStore.DeleteTagsAsync(db, accountId, entityKind, entityKey, replaced.Select(t => t.Key));
        await IamStore.PutTagsAsync(db, accountId, entityKind, entityKey, tags);
    }

    private static async Task UntagEntityAsync(DbSession db, string accountId, string entityKind, string entityKey, IReadOnlyList<string> tagKeys)
    {
        var existing = await IamStore.ListTagsAsync(db, accountId, entityKind, entityKey);
        var removed = existing.Where(e => tagKeys.Contains(e.Key, StringComparer.OrdinalIgnoreCase)).Select(e => e.Key);
        await IamStore.DeleteTagsAsync(db, accountId, entityKind, entityKey, removed);
    }

    private JsonObject TagPage(JsonObject input, IReadOnlyList<IamTag> tags) =>
        Paging.Page(new JsonObject(), "Tags", Paging.Window(tags, t => t.Key, StartKey(input), Paging.MaxItems(input)), Paging.MaxItems(input),
            t => t.Key, t => new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value });

    private string StartKey(JsonObject input) => Paging.StartKey(input, errors.Validation);

    private static JsonValue Timestamp(DateTimeOffset value) => JsonValue.Create(value);
}
