using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Kms;

/// <summary>
/// Aliases. AWS requires the permission on the alias (from IAM policies) and on the key (from its key policy);
/// the pipeline authorized the key, the alias is authorized here.
/// </summary>
internal sealed partial class KmsHandlers
{
    private const int ListAliasesDefaultLimit = 50;

    public async ValueTask<OperationResult> CreateAlias(OperationCall call)
    {
        var name = call.Input.Required("AliasName");
        AliasNames.CheckCustomerAlias(name, Errors);
        var aliasArn = await AuthorizeAliasAsync(call, name);
        await ChangeKeyAsync(call, async (db, key, now) =>
        {
            RequireNotPendingDeletion(key);
            return await KmsStore.TryInsertAliasAsync(db, new AliasRecord(key.AccountId, key.Region, name, key.KeyId, now, now), now)
                ? true
                : throw Errors.AliasExists(aliasArn);
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> DeleteAlias(OperationCall call)
    {
        var name = call.Input.Required("AliasName");
        await AuthorizeAliasAsync(call, name);
        await Database.WriteAsync(async db =>
        {
            await KmsStore.DeleteAliasAsync(db, await RequireAliasAsync(db, call, name));
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    /// <summary>Points the alias at another key of the account; the new key's policy must allow kms:UpdateAlias too.</summary>
    public async ValueTask<OperationResult> UpdateAlias(OperationCall call)
    {
        var name = call.Input.Required("AliasName");
        AliasNames.CheckCustomerAlias(name, Errors);
        await AuthorizeAliasAsync(call, name);
        var targetId = KeyIdentifier.Parse(call.Input.Required("TargetKeyId"), call.AccountId, call.Region, aliasAllowed: false, crossAccount: false, Errors);
        var target = await keys.AuthorizedForUseAsync(call.Context, "kms:UpdateAlias", targetId, NoEncryptionContext, null, call.Aborted);
        await Database.WriteAsync(async db =>
        {
            var now = time.GetUtcNow();
            var alias = await RequireAliasAsync(db, call, name);
            var key = await KmsStore.FindKeyAsync(db, target.AccountId, target.Region, target.KeyId, now) ?? throw keys.NotFound(targetId);
            RequireNotPendingDeletion(key);
            await KmsStore.RetargetAliasAsync(db, alias, key.KeyId, now);
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> ListAliases(OperationCall call)
    {
        var limit = call.Input.OptionalInt32("Limit") ?? ListAliasesDefaultLimit;
        var startName = StartKey(call.Input);
        string? targetKeyId = null;
        if (call.Input.Optional("KeyId") is { } keyId)
        {
            var id = KeyIdentifier.Parse(keyId, call.AccountId, call.Region, aliasAllowed: false, crossAccount: false, Errors);
            targetKeyId = (await keys.FindAsync(id, call.Aborted) ?? throw keys.NotFound(id)).KeyId;
        }
        var aliases = await Database.ReadAsync(
            db => KmsStore.ListAliasesAsync(db, call.AccountId, call.Region, targetKeyId, startName, limit + 1, time.GetUtcNow()), call.Aborted);
        return Page("Aliases", aliases, limit, a => a.AliasName, a => new JsonObject
        {
            ["AliasName"] = a.AliasName,
            ["AliasArn"] = a.Arn,
            ["TargetKeyId"] = a.TargetKeyId,
            ["CreationDate"] = JsonValue.Create(a.CreatedAt),
            ["LastUpdatedDate"] = JsonValue.Create(a.UpdatedAt),
        });
    }

    /// <summary>The operation's permission on the alias itself, from the caller's IAM policies; returns the alias ARN.</summary>
    private async Task<string> AuthorizeAliasAsync(OperationCall call, string aliasName)
    {
        var aliasArn = KmsArns.Alias(call.AccountId, call.Region, aliasName);
        await authorizer.AuthorizeAsync(call.Context, "kms:" + call.Context.Operation.Name, aliasArn, null, KmsConditionKeys.For(call.AccountId));
        return aliasArn;
    }

    private async Task<AliasRecord> RequireAliasAsync(DbSession db, OperationCall call, string aliasName) =>
        await KmsStore.FindAliasAsync(db, call.AccountId, call.Region, aliasName, time.GetUtcNow())
            ?? throw Errors.AliasNotFound(KmsArns.Alias(call.AccountId, call.Region, aliasName));
}
