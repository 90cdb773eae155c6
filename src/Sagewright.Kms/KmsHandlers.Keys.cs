using System.Text.Json.Nodes;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Kms;

internal sealed partial class KmsHandlers
{
    private const int DefaultPendingWindowInDays = 30;
    private const int ListKeysDefaultLimit = 100;

    /// <summary>Symmetric encryption keys with KMS-generated material; other kinds answer UnsupportedOperationException.</summary>
    public async ValueTask<OperationResult> CreateKey(OperationCall call)
    {
        var input = call.Input;
        RequireSupported(input, "KeySpec", KmsKeys.SymmetricDefault);
        RequireSupported(input, "CustomerMasterKeySpec", KmsKeys.SymmetricDefault);
        RequireSupported(input, "KeyUsage", KmsKeys.EncryptDecrypt);
        RequireSupported(input, "Origin", KmsKeys.AwsKmsOrigin);
        foreach (var member in (string[])["CustomKeyStoreId", "XksKeyId"])
        {
            if (input.Optional(member) is not null)
            {
                throw Errors.Unsupported($"Sagewright KMS has no custom key stores; {member} is not supported.");
            }
        }
        if (input.Flag("MultiRegion"))
        {
            throw Errors.Unsupported("Sagewright KMS does not support multi-Region keys.");
        }
        var tags = input.Tags();
        CheckTags(tags, []);
        var policy = input.Optional("Policy");
        var key = keys.NewKey(call.AccountId, call.Region, input.Optional("Description") ?? "", policy ?? KeyPolicies.Default(call.AccountId), KeyManager.Customer);
        if (policy is not null)
        {
            CheckPolicy(call, key, policy);
        }
        await Database.WriteAsync(async db =>
        {
            await KmsStore.InsertKeyAsync(db, key);
            await KmsStore.PutTagsAsync(db, key, tags);
            return true;
        }, call.Aborted);
        return new JsonObject { ["KeyMetadata"] = KeyMetadata(key) };
    }

    public ValueTask<OperationResult> DescribeKey(OperationCall call) =>
        OperationResult.Completed(new JsonObject { ["KeyMetadata"] = KeyMetadata(authorized.Of(call)) });

    public async ValueTask<OperationResult> ListKeys(OperationCall call)
    {
        var limit = call.Input.OptionalInt32("Limit") ?? ListKeysDefaultLimit;
        var startKey = StartKey(call.Input);
        var found = await Database.ReadAsync(db => KmsStore.ListKeysAsync(db, call.AccountId, call.Region, startKey, limit + 1, time.GetUtcNow()), call.Aborted);
        return Page("Keys", found, limit, k => k.KeyId, k => new JsonObject { ["KeyId"] = k.KeyId, ["KeyArn"] = k.Arn });
    }

    public async ValueTask<OperationResult> EnableKey(OperationCall call)
    {
        await ChangeStateAsync(call, KeyState.Enabled);
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> DisableKey(OperationCall call)
    {
        await ChangeStateAsync(call, KeyState.Disabled);
        return OperationResult.Empty;
    }

    private Task<bool> ChangeStateAsync(OperationCall call, KeyState state) => ChangeKeyAsync(call, async (db, key, _) =>
    {
        RequireNotPendingDeletion(key);
        await KmsStore.SetKeyStateAsync(db, key, state, null);
        return true;
    });

    public async ValueTask<OperationResult> ScheduleKeyDeletion(OperationCall call)
    {
        var days = call.Input.OptionalInt32("PendingWindowInDays") ?? DefaultPendingWindowInDays;
        if (days is < 7 or > 30)
        {
            throw Errors.Validation($"PendingWindowInDays should be between 7 and 30, but it is {days}");
        }
        var (key, deletionDate) = await ChangeKeyAsync(call, async (db, key, now) =>
        {
            RequireNotPendingDeletion(key);
            var deletionDate = now.AddDays(days);
            await KmsStore.SetKeyStateAsync(db, key, KeyState.PendingDeletion, deletionDate);
            return (key, deletionDate);
        });
        return new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["DeletionDate"] = JsonValue.Create(deletionDate),
            ["KeyState"] = nameof(KeyState.PendingDeletion),
            ["PendingWindowInDays"] = days,
        };
    }

    /// <summary>A key whose deletion is cancelled comes back disabled, as in AWS.</summary>
    public async ValueTask<OperationResult> CancelKeyDeletion(OperationCall call)
    {
        var key = await ChangeKeyAsync(call, async (db, key, _) =>
        {
            if (key.State != KeyState.PendingDeletion)
            {
                throw Errors.NotPendingDeletion(key.Arn);
            }
            await KmsStore.SetKeyStateAsync(db, key, KeyState.Disabled, null);
            return key;
        });
        return new JsonObject { ["KeyId"] = key.Arn };
    }

    public async ValueTask<OperationResult> UpdateKeyDescription(OperationCall call)
    {
        var description = call.Input.Required("Description");
        await ChangeKeyAsync(call, async (db, key, _) =>
        {
            RequireNotPendingDeletion(key);
            await KmsStore.SetDescriptionAsync(db, key, description);
            return true;
        });
        return OperationResult.Empty;
    }

    /// <summary>Automatic rotation cannot be enabled here (EnableKeyRotation is not implemented), so it is always off.</summary>
    public ValueTask<OperationResult> GetKeyRotationStatus(OperationCall call) =>
        OperationResult.Completed(new JsonObject { ["KeyRotationEnabled"] = false, ["KeyId"] = authorized.Of(call).Arn });

    private void RequireNotPendingDeletion(KeyRecord key)
    {
        if (key.State == KeyState.PendingDeletion)
        {
            throw Errors.PendingDeletion(key.Arn);
        }
    }

    private void RequireSupported(JsonObject input, string member, string supported)
    {
        if (input.Optional(member) is { } value && value != supported)
        {
            throw Errors.Unsupported($"Sagewright KMS supports only {member} {supported}, not {value}.");
        }
    }
}
