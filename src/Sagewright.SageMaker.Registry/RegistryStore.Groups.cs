using Sagewright.Data;

namespace Sagewright.SageMaker.Registry;

internal static partial class RegistryStore
{
    private const string GroupColumns = "id, account_id, region, name, description, created_at, created_by, latest_version, policy";

    /// <summary>Inserts the group unless one of that name exists; false when it does.</summary>
    public static async Task<bool> InsertGroupAsync(DbSession db, GroupId id, string? description, DateTimeOffset now, string createdBy) =>
        await db.ExecuteAsync(
            """
            INSERT INTO sagemaker_model_package_groups (account_id, region, name_key, name, description, created_at, created_by, latest_version)
            VALUES (@AccountId, @Region, @Key, @Name, @description, @now, @createdBy, 0)
            ON CONFLICT (account_id, region, name_key) DO NOTHING
            """,
            new { id.AccountId, id.Region, id.Key, id.Name, description, now, createdBy }) == 1;

    public static Task<GroupRecord?> FindGroupAsync(DbSession db, GroupId id) => db.QuerySingleOrDefaultAsync(
        $"SELECT {GroupColumns} FROM sagemaker_model_package_groups WHERE account_id = @AccountId AND region = @Region AND name_key = @Key",
        ReadGroup, new { id.AccountId, id.Region, id.Key });

    public static Task<int> DeleteGroupAsync(DbSession db, GroupRecord group) => db.ExecuteAsync(
        "DELETE FROM sagemaker_model_package_groups WHERE id = @Id", new { group.Id });

    /// <summary>Takes the group's next version number; runs inside the write transaction that inserts the package.</summary>
    public static Task<long> NextVersionAsync(DbSession db, GroupRecord group) => db.ScalarAsync<long>(
        "UPDATE sagemaker_model_package_groups SET latest_version = latest_version + 1 WHERE id = @Id RETURNING latest_version",
        new { group.Id });

    public static Task SetGroupPolicyAsync(DbSession db, GroupRecord group, string? policy) => db.ExecuteAsync(
        "UPDATE sagemaker_model_package_groups SET policy = @policy WHERE id = @Id", new { group.Id, policy });

    public static Task<IReadOnlyList<GroupRecord>> ListGroupsAsync(DbSession db, string accountId, string region, ListQuery query) =>
        db.QueryAsync(
            $"SELECT {GroupColumns} FROM sagemaker_model_package_groups WHERE account_id = @accountId AND region = @region {query.Where} {query.OrderBy}",
            ReadGroup, query.Arguments(new() { ["accountId"] = accountId, ["region"] = region }));

    /// <summary>Other accounts' groups in the region that have a resource policy, in the query's order, without its LIMIT.</summary>
    public static Task<IReadOnlyList<GroupRecord>> ListSharedGroupsAsync(DbSession db, string callerAccountId, string region, ListQuery query) =>
        db.QueryAsync(
            $"SELECT {GroupColumns} FROM sagemaker_model_package_groups WHERE account_id <> @callerAccountId AND region = @region AND policy IS NOT NULL {query.Where} {query.Order}",
            ReadGroup, query.Arguments(new() { ["callerAccountId"] = callerAccountId, ["region"] = region }));

    private static GroupRecord ReadGroup(DbRow row) => new(
        row.GetInt64("id"),
        row.GetString("account_id"),
        row.GetString("region"),
        row.GetString("name"),
        row.GetStringOrNull("description"),
        row.GetDateTimeOffset("created_at"),
        row.GetString("created_by"),
        row.GetInt64("latest_version"),
        row.GetStringOrNull("policy"));
}
