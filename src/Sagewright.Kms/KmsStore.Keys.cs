using Sagewright.Data;

namespace Sagewright.Kms;

internal static partial class KmsStore
{
    private const string KeyColumns = """
        account_id, region, key_id, description, key_spec, key_usage, origin, key_manager, key_state, created_at,
        deletion_date, policy, sealed_material, master_key_id
        """;

    /// <summary>Keys whose deletion date has not come (the sweeper may not have removed the others yet).</summary>
    private const string Live = "(deletion_date IS NULL OR deletion_date > @now)";

    public static Task InsertKeyAsync(DbSession db, KeyRecord key) => db.ExecuteAsync(
        $"""
        INSERT INTO kms_keys ({KeyColumns})
        VALUES (@AccountId, @Region, @KeyId, @Description, @KeySpec, @KeyUsage, @Origin, @KeyManager, @State, @CreatedAt,
            @DeletionDate, @Policy, @SealedMaterial, @MasterKeyId)
        """,
        key);

    public static Task<KeyRecord?> FindKeyAsync(DbSession db, string accountId, string region, string keyId, DateTimeOffset now) =>
        db.QuerySingleOrDefaultAsync(
            $"SELECT {KeyColumns} FROM kms_keys WHERE account_id = @accountId AND region = @region AND key_id = @keyId AND {Live}",
            ReadKey, new { accountId, region, keyId, now });

    public static Task<IReadOnlyList<KeyRecord>> ListKeysAsync(DbSession db, string accountId, string region, string startKeyId, int take, DateTimeOffset now) =>
        db.QueryAsync(
            $"""
            SELECT {KeyColumns} FROM kms_keys
            WHERE account_id = @accountId AND region = @region AND key_id >= @startKeyId AND {Live}
            ORDER BY key_id LIMIT @take
            """,
            ReadKey, new { accountId, region, startKeyId, take = (long)take, now });

    public static Task SetKeyStateAsync(DbSession db, KeyRecord key, KeyState state, DateTimeOffset? deletionDate) => db.ExecuteAsync(
        "UPDATE kms_keys SET key_state = @state, deletion_date = @deletionDate WHERE account_id = @AccountId AND region = @Region AND key_id = @KeyId",
        new { key.AccountId, key.Region, key.KeyId, state, deletionDate });

    public static Task SetPolicyAsync(DbSession db, KeyRecord key, string policy) => db.ExecuteAsync(
        "UPDATE kms_keys SET policy = @policy WHERE account_id = @AccountId AND region = @Region AND key_id = @KeyId",
        new { key.AccountId, key.Region, key.KeyId, policy });

    public static Task SetDescriptionAsync(DbSession db, KeyRecord key, string description) => db.ExecuteAsync(
        "UPDATE kms_keys SET description = @description WHERE account_id = @AccountId AND region = @Region AND key_id = @KeyId",
        new { key.AccountId, key.Region, key.KeyId, description });

    /// <summary>Removes the keys whose deletion date has come, with their aliases and tags; returns how many keys.</summary>
    public static async Task<int> PurgeDeletedKeysAsync(DbSession db, DateTimeOffset now)
    {
        foreach (var table in (string[])["kms_aliases", "kms_tags"])
        {
            var keyColumn = table == "kms_aliases" ? "target_key_id" : "key_id";
            await db.ExecuteAsync(
                $"""
                DELETE FROM {table} WHERE EXISTS (
                    SELECT 1 FROM kms_keys k WHERE k.account_id = {table}.account_id AND k.region = {table}.region
                        AND k.key_id = {table}.{keyColumn} AND k.deletion_date <= @now)
                """,
                new { now });
        }
        return await db.ExecuteAsync("DELETE FROM kms_keys WHERE deletion_date <= @now", new { now });
    }

    private static KeyRecord ReadKey(DbRow row) => new(
        row.GetString("account_id"),
        row.GetString("region"),
        row.GetString("key_id"),
        row.GetString("description"),
        row.GetString("key_spec"),
        row.GetString("key_usage"),
        row.GetString("origin"),
        row.GetString("key_manager"),
        row.Get<KeyState>("key_state"),
        row.GetDateTimeOffset("created_at"),
        row.GetDateTimeOffsetOrNull("deletion_date"),
        row.GetString("policy"),
        row.GetBytes("sealed_material"),
        row.GetString("master_key_id"));
}
