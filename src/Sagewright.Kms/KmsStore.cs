using Sagewright.Data;

namespace Sagewright.Kms;

/// <summary>
/// KMS's tables and SQL. Every key starts with account and region (keys, aliases and tags are regional). Methods
/// take the caller's open <see cref="DbSession"/> so handlers compose them into one transaction; they return data,
/// never AWS errors. A key whose deletion date has passed is gone for every query here, before the sweeper removes
/// its rows.
/// </summary>
internal static partial class KmsStore
{
    public const string Module = "kms";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, """
            CREATE TABLE kms_master_keys (
                master_key_id TEXT NOT NULL PRIMARY KEY,
                created_at TEXT NOT NULL
            );
            CREATE TABLE kms_keys (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                key_id TEXT NOT NULL,
                description TEXT NOT NULL,
                key_spec TEXT NOT NULL,
                key_usage TEXT NOT NULL,
                origin TEXT NOT NULL,
                key_manager TEXT NOT NULL,
                key_state INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                deletion_date TEXT,
                policy TEXT NOT NULL,
                sealed_material BLOB NOT NULL,
                master_key_id TEXT NOT NULL,
                PRIMARY KEY (account_id, region, key_id)
            );
            CREATE INDEX kms_keys_by_deletion_date ON kms_keys (deletion_date);
            CREATE TABLE kms_aliases (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                alias_name TEXT NOT NULL,
                target_key_id TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (account_id, region, alias_name)
            );
            CREATE INDEX kms_aliases_by_key ON kms_aliases (account_id, region, target_key_id);
            CREATE TABLE kms_tags (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                key_id TEXT NOT NULL,
                tag_key TEXT NOT NULL,
                tag_value TEXT NOT NULL,
                PRIMARY KEY (account_id, region, key_id, tag_key)
            );
            """),
    ];

    public static Task MigrateAsync(IDatabase database, CancellationToken cancellationToken) =>
        database.MigrateAsync(Module, Migrations, cancellationToken);

    public static Task<IReadOnlyList<string>> MasterKeyIdsAsync(DbSession db) =>
        db.QueryAsync("SELECT master_key_id FROM kms_master_keys ORDER BY master_key_id", r => r.GetString("master_key_id"));

    public static Task RegisterMasterKeyAsync(DbSession db, string masterKeyId, DateTimeOffset now) => db.ExecuteAsync(
        "INSERT INTO kms_master_keys (master_key_id, created_at) VALUES (@masterKeyId, @now) ON CONFLICT (master_key_id) DO NOTHING",
        new { masterKeyId, now });
}

/// <summary>Key states with their persisted values (never renumber).</summary>
internal enum KeyState
{
    Enabled = 1,
    Disabled = 2,
    PendingDeletion = 3,
}

internal static class KeyManager
{
    public const string Customer = "CUSTOMER";
    public const string Aws = "AWS";
}

/// <summary>A KMS key's row; <see cref="SealedMaterial"/> is its 256-bit material sealed by the master key.</summary>
internal sealed record KeyRecord(
    string AccountId,
    string Region,
    string KeyId,
    string Description,
    string KeySpec,
    string KeyUsage,
    string Origin,
    string KeyManager,
    KeyState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletionDate,
    string Policy,
    byte[] SealedMaterial,
    string MasterKeyId)
{
    public string Arn => KmsArns.Key(AccountId, Region, KeyId);
}

internal sealed record AliasRecord(string AccountId, string Region, string AliasName, string TargetKeyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string Arn => KmsArns.Alias(AccountId, Region, AliasName);
}

internal sealed record KmsTag(string TagKey, string TagValue);
