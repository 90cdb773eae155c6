using Sagewright.Data;

namespace Sagewright.SageMaker.Registry;

/// <summary>
/// The registry's tables and SQL. Every key starts with account and region. Methods take the caller's open
/// <see cref="DbSession"/> so handlers compose them into one transaction; they return data, never AWS errors.
/// Members that are only stored and described back (InferenceSpecification, ModelMetrics...) are kept as one JSON
/// text; the columns are what listings filter and sort on.
/// </summary>
internal static partial class RegistryStore
{
    public const string Module = "sagemaker-registry";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, """
            CREATE TABLE sagemaker_model_package_groups (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                name_key TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                latest_version INTEGER NOT NULL,
                policy TEXT,
                UNIQUE (account_id, region, name_key)
            );
            CREATE TABLE sagemaker_model_packages (
                id {autoincrement},
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                package_key TEXT NOT NULL,
                name TEXT NOT NULL,
                group_key TEXT,
                version INTEGER,
                description TEXT,
                approval_status TEXT NOT NULL,
                approval_description TEXT,
                created_at TEXT NOT NULL,
                last_modified_at TEXT NOT NULL,
                client_token TEXT,
                details TEXT NOT NULL,
                UNIQUE (account_id, region, package_key)
            );
            CREATE INDEX sagemaker_model_packages_by_group ON sagemaker_model_packages (account_id, region, group_key, version);
            """),
        new(2, """
            CREATE TABLE sagemaker_registry_tags (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                resource_arn TEXT NOT NULL,
                tag_key TEXT NOT NULL,
                tag_value TEXT NOT NULL,
                PRIMARY KEY (account_id, region, resource_arn, tag_key)
            );
            """),
        // One tag table for every SageMaker resource family (see Tags/ISageMakerTaggedResources), not only the registry's.
        new(3, "ALTER TABLE sagemaker_registry_tags RENAME TO sagemaker_tags;"),
    ];

    public static Task MigrateAsync(IDatabase database, CancellationToken cancellationToken) =>
        database.MigrateAsync(Module, Migrations, cancellationToken);
}


internal sealed record GroupRecord(long Id, string AccountId, string Region, string Name, string? Description,
    DateTimeOffset CreatedAt, string CreatedBy, long LatestVersion, string? Policy)
{
    public string Arn => RegistryArns.Group(AccountId, Region, Name);
}

/// <summary>A model package; <see cref="Name"/> is the group's name for a versioned package.</summary>
internal sealed record PackageRecord(long Id, string AccountId, string Region, string Name, long? Version, string? Description,
    string ApprovalStatus, string? ApprovalDescription, DateTimeOffset CreatedAt, DateTimeOffset LastModifiedAt, string? ClientToken, string Details)
{
    public PackageId Identity => new(AccountId, Region, Name, Version);
    public string Arn => Identity.Arn;
}
