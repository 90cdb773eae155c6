using Sagewright.Data;

namespace Sagewright.SageMaker.Registry;

internal static partial class RegistryStore
{
    private const string PackageColumns = """
        id, account_id, region, name, version, description, approval_status, approval_description, created_at,
        last_modified_at, client_token, details
        """;

    /// <summary>Inserts the package unless its key is taken; false when it is.</summary>
    public static async Task<bool> InsertPackageAsync(DbSession db, PackageRecord package) =>
        await db.ExecuteAsync(
            """
            INSERT INTO sagemaker_model_packages (account_id, region, package_key, group_key, name, version, description, approval_status,
                approval_description, created_at, last_modified_at, client_token, details)
            VALUES (@AccountId, @Region, @packageKey, @groupKey, @Name, @Version, @Description, @ApprovalStatus, @ApprovalDescription,
                @CreatedAt, @LastModifiedAt, @ClientToken, @Details)
            ON CONFLICT (account_id, region, package_key) DO NOTHING
            """,
            new
            {
                package.AccountId, package.Region, packageKey = package.Identity.Key,
                groupKey = package.Version is null ? null : package.Name.ToLowerInvariant(),
                package.Name, package.Version, package.Description, package.ApprovalStatus, package.ApprovalDescription,
                package.CreatedAt, package.LastModifiedAt, package.ClientToken, package.Details,
            }) == 1;

    public static Task<PackageRecord?> FindPackageAsync(DbSession db, PackageId id) => db.QuerySingleOrDefaultAsync(
        $"SELECT {PackageColumns} FROM sagemaker_model_packages WHERE account_id = @AccountId AND region = @Region AND package_key = @Key",
        ReadPackage, new { id.AccountId, id.Region, id.Key });

    /// <summary>The package a group already holds for this ClientToken (a retried create), if any.</summary>
    public static Task<PackageRecord?> FindByClientTokenAsync(DbSession db, GroupRecord group, string clientToken) => db.QuerySingleOrDefaultAsync(
        $"""
        SELECT {PackageColumns} FROM sagemaker_model_packages
        WHERE account_id = @AccountId AND region = @Region AND group_key = @groupKey AND client_token = @clientToken
        """,
        ReadPackage, new { group.AccountId, group.Region, groupKey = group.Name.ToLowerInvariant(), clientToken });

    public static async Task<bool> GroupHasPackagesAsync(DbSession db, GroupRecord group) =>
        await db.ScalarAsync<long>(
            "SELECT COUNT(*) FROM sagemaker_model_packages WHERE account_id = @AccountId AND region = @Region AND group_key = @groupKey",
            new { group.AccountId, group.Region, groupKey = group.Name.ToLowerInvariant() }) > 0;

    public static Task UpdatePackageAsync(DbSession db, PackageRecord package) => db.ExecuteAsync(
        """
        UPDATE sagemaker_model_packages SET approval_status = @ApprovalStatus, approval_description = @ApprovalDescription,
            last_modified_at = @LastModifiedAt, details = @Details
        WHERE id = @Id
        """,
        new { package.Id, package.ApprovalStatus, package.ApprovalDescription, package.LastModifiedAt, package.Details });

    public static Task<int> DeletePackageAsync(DbSession db, PackageRecord package) => db.ExecuteAsync(
        "DELETE FROM sagemaker_model_packages WHERE id = @Id", new { package.Id });

    public static Task<IReadOnlyList<PackageRecord>> ListPackagesAsync(DbSession db, string accountId, string region, ListQuery query) =>
        db.QueryAsync(
            $"SELECT {PackageColumns} FROM sagemaker_model_packages WHERE account_id = @accountId AND region = @region {query.Where} {query.OrderBy}",
            ReadPackage, query.Arguments(new() { ["accountId"] = accountId, ["region"] = region }));

    private static PackageRecord ReadPackage(DbRow row) => new(
        row.GetInt64("id"),
        row.GetString("account_id"),
        row.GetString("region"),
        row.GetString("name"),
        row.GetInt64OrNull("version"),
        row.GetStringOrNull("description"),
        row.GetString("approval_status"),
        row.GetStringOrNull("approval_description"),
        row.GetDateTimeOffset("created_at"),
        row.GetDateTimeOffset("last_modified_at"),
        row.GetStringOrNull("client_token"),
        row.GetString("details"));
}
