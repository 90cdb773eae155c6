using Sagewright.Data;

namespace Sagewright.Iam;

/// <summary>
/// IAM's tables and SQL. Every key starts with the account id; names are keyed by <see cref="IamArns.NameKey"/>
/// so that names differing only in case collide, as IAM requires. Methods take the caller's open
/// <see cref="DbSession"/> so handlers compose them into one transaction; they return data, never AWS errors.
/// </summary>
internal static partial class IamStore
{
    public const string Module = "iam";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, """
            CREATE TABLE iam_accounts (
                account_id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            );
            CREATE TABLE iam_users (
                account_id TEXT NOT NULL,
                name_key TEXT NOT NULL,
                user_name TEXT NOT NULL,
                user_id TEXT NOT NULL,
                path TEXT NOT NULL,
                created_at TEXT NOT NULL,
                permissions_boundary TEXT,
                PRIMARY KEY (account_id, name_key)
            );
            CREATE TABLE iam_roles (
                account_id TEXT NOT NULL,
                name_key TEXT NOT NULL,
                role_name TEXT NOT NULL,
                role_id TEXT NOT NULL,
                path TEXT NOT NULL,
                created_at TEXT NOT NULL,
                trust_policy TEXT NOT NULL,
                description TEXT,
                max_session_duration INTEGER NOT NULL,
                permissions_boundary TEXT,
                last_used_at TEXT,
                last_used_region TEXT,
                PRIMARY KEY (account_id, name_key)
            );
            CREATE TABLE iam_tags (
                account_id TEXT NOT NULL,
                entity_kind TEXT NOT NULL,
                entity_key TEXT NOT NULL,
                tag_key TEXT NOT NULL,
                tag_value TEXT NOT NULL,
                PRIMARY KEY (account_id, entity_kind, entity_key, tag_key)
            );
            CREATE TABLE iam_inline_policies (
                account_id TEXT NOT NULL,
                entity_kind TEXT NOT NULL,
                entity_key TEXT NOT NULL,
                policy_name TEXT NOT NULL,
                document TEXT NOT NULL,
                PRIMARY KEY (account_id, entity_kind, entity_key, policy_name)
            );
            CREATE TABLE iam_managed_policies (
                account_id TEXT NOT NULL,
                name_key TEXT NOT NULL,
                policy_name TEXT NOT NULL,
                policy_id TEXT NOT NULL,
                path TEXT NOT NULL,
                arn TEXT NOT NULL,
                description TEXT,
                default_version TEXT NOT NULL,
                next_version INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (account_id, name_key)
            );
            CREATE UNIQUE INDEX iam_managed_policies_arn ON iam_managed_policies (account_id, arn);
            CREATE TABLE iam_policy_versions (
                account_id TEXT NOT NULL,
                policy_arn TEXT NOT NULL,
                version_id TEXT NOT NULL,
                version_number INTEGER NOT NULL,
                document TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (account_id, policy_arn, version_id)
            );
            CREATE TABLE iam_attached_policies (
                account_id TEXT NOT NULL,
                entity_kind TEXT NOT NULL,
                entity_key TEXT NOT NULL,
                policy_arn TEXT NOT NULL,
                PRIMARY KEY (account_id, entity_kind, entity_key, policy_arn)
            );
            CREATE INDEX iam_attached_policies_by_policy ON iam_attached_policies (account_id, policy_arn);
            CREATE TABLE iam_access_keys (
                access_key_id TEXT NOT NULL PRIMARY KEY,
                account_id TEXT NOT NULL,
                user_key TEXT,
                secret_access_key TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE INDEX iam_access_keys_by_owner ON iam_access_keys (account_id, user_key);
            CREATE TABLE iam_sessions (
                access_key_id TEXT NOT NULL PRIMARY KEY,
                account_id TEXT NOT NULL,
                secret_access_key TEXT NOT NULL,
                session_token TEXT NOT NULL,
                issued_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                principal_kind INTEGER NOT NULL,
                arn TEXT NOT NULL,
                user_id TEXT NOT NULL,
                user_key TEXT,
                role_key TEXT,
                role_arn TEXT,
                session_name TEXT,
                session_policy TEXT
            );
            CREATE INDEX iam_sessions_by_expiry ON iam_sessions (expires_at);
            CREATE INDEX iam_sessions_by_role ON iam_sessions (account_id, role_key);
            """),
    ];

    public static Task MigrateAsync(IDatabase database, CancellationToken cancellationToken) =>
        database.MigrateAsync(Module, Migrations, cancellationToken);

    /// <summary>Sets or (with null) removes the permissions boundary of a user or role.</summary>
    public static Task SetPermissionsBoundaryAsync(DbSession db, string accountId, string entityKind, string entityKey, string? boundaryArn) =>
        db.ExecuteAsync(
            $"UPDATE {(entityKind == EntityKind.User ? "iam_users" : "iam_roles")} SET permissions_boundary = @boundaryArn WHERE account_id = @accountId AND name_key = @entityKey",
            new { accountId, entityKey, boundaryArn });

    /// <summary>The upper bound of a prefix range: every text starting with the prefix sorts below it (byte order).</summary>
    private static string PrefixEnd(string prefix) => prefix + "\uFFFF";
}

/// <summary>The entity kinds policies, tags and attachments hang off (values are persisted).</summary>
internal static class EntityKind
{
    public const string User = "user";
    public const string Role = "role";

    /// <summary>Customer managed policies (for their tags).</summary>
    public const string Policy = "policy";
}

internal sealed record AccountRecord(string AccountId, string Name, DateTimeOffset CreatedAt);

internal sealed record UserRecord(string AccountId, string UserName, string UserId, string Path, DateTimeOffset CreatedAt, string? PermissionsBoundary)
{
    public string Arn => IamArns.User(AccountId, Path, UserName);
    public string Key => IamArns.NameKey(UserName);
}

internal sealed record RoleRecord(
    string AccountId,
    string RoleName,
    string RoleId,
    string Path,
    DateTimeOffset CreatedAt,
    string TrustPolicy,
    string? Description,
    int MaxSessionDuration,
    string? PermissionsBoundary,
    DateTimeOffset? LastUsedAt,
    string? LastUsedRegion)
{
    public string Arn => IamArns.Role(AccountId, Path, RoleName);
    public string Key => IamArns.NameKey(RoleName);
}

/// <summary>A managed policy, customer managed (in the account's tables) or AWS managed (seeded, <see cref="IsAwsManaged"/>).</summary>
internal sealed record ManagedPolicyRecord(
    string AccountId,
    string PolicyName,
    string PolicyId,
    string Path,
    string Arn,
    string? Description,
    string DefaultVersionId,
    int NextVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsAwsManaged => AccountId == IamArns.AwsAccount;
    public string Key => IamArns.NameKey(PolicyName);

    /// <summary>IAM simulator vocabulary for where a statement came from.</summary>
    public string SourceType => IsAwsManaged ? "aws-managed" : "user-managed";
}

internal sealed record PolicyVersionRecord(string VersionId, int VersionNumber, string Document, DateTimeOffset CreatedAt);

internal sealed record InlinePolicyRecord(string PolicyName, string Document);

/// <summary>A long-term access key; <see cref="UserKey"/> is null for the account's root keys.</summary>
internal sealed record AccessKeyRecord(string AccessKeyId, string AccountId, string? UserKey, string SecretAccessKey, string Status, DateTimeOffset CreatedAt)
{
    public const string Active = "Active";
    public const string Inactive = "Inactive";
}
