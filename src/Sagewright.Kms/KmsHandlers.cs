using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Kms;

/// <summary>
/// The KMS operations, one method per AWS operation, split by resource family. The key an operation acts on was
/// found and authorized by the pipeline (<see cref="AuthorizedKeys"/>); changes re-read it in their transaction.
/// </summary>
internal sealed partial class KmsHandlers(KmsKeys keys, AuthorizedKeys authorized, Authorizer authorizer, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, string> NoEncryptionContext = new Dictionary<string, string>();

    private KmsErrors Errors => keys.Errors;

    private IDatabase Database => keys.Database;

    /// <summary>Runs <paramref name="change"/> on the authorized key as it is now, in one write transaction.</summary>
    private Task<T> ChangeKeyAsync<T>(OperationCall call, Func<DbSession, KeyRecord, DateTimeOffset, Task<T>> change)
    {
        var authorizedKey = authorized.Of(call);
        return Database.WriteAsync(async db =>
        {
            var now = time.GetUtcNow();
            var key = await KmsStore.FindKeyAsync(db, authorizedKey.AccountId, authorizedKey.Region, authorizedKey.KeyId, now)
                ?? throw Errors.KeyNotFound(authorizedKey.Arn);
            return await change(db, key, now);
        }, call.Aborted);
    }

    private static JsonObject KeyMetadata(KeyRecord key)
    {
        var metadata = new JsonObject
        {
            ["AWSAccountId"] = key.AccountId,
            ["KeyId"] = key.KeyId,
            ["Arn"] = key.Arn,
            ["CreationDate"] = JsonValue.Create(key.CreatedAt),
            ["Enabled"] = key.State == KeyState.Enabled,
            ["Description"] = key.Description,
            ["KeyUsage"] = key.KeyUsage,
            ["KeyState"] = key.State.ToString(),
            ["Origin"] = key.Origin,
            ["KeyManager"] = key.KeyManager,
            ["CustomerMasterKeySpec"] = key.KeySpec,
            ["KeySpec"] = key.KeySpec,
            ["EncryptionAlgorithms"] = new JsonArray(KmsKeys.SymmetricDefault),
            ["MultiRegion"] = false,
        };
        if (key.DeletionDate is { } deletionDate)
        {
            metadata["DeletionDate"] = JsonValue.Create(deletionDate);
        }
        return metadata;
    }

    /// <summary>
    /// KMS's Limit/Marker/Truncated/NextMarker paging over listings ordered by a unique text; the marker is the
    /// (base64) sort key of the first item of the next page.
    /// </summary>
    private string StartKey(JsonObject input)
    {
        if (input.Optional("Marker") is not { } marker)
        {
            return "";
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw Errors.InvalidMarker();
        }
    }

    private static JsonObject Page<T>(string listMember, IReadOnlyList<T> items, int limit, Func<T, string> sortKey, Func<T, JsonNode> toJson)
    {
        var output = new JsonObject
        {
            [listMember] = new JsonArray(items.Take(limit).Select(toJson).ToArray()),
            ["Truncated"] = items.Count > limit,
        };
        if (items.Count > limit)
        {
            output["NextMarker"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey(items[limit])));
        }
        return output;
    }

    private static JsonValue Base64(byte[] bytes) => JsonValue.Create(Convert.ToBase64String(bytes));
}
