using Sagewright.Data;

namespace Sagewright.Iam;

internal static partial class IamStore
{
    private const string RoleColumns = """
        account_id, role_name, role_id, path, created_at, trust_policy, description, max_session_duration,
        permissions_boundary, last_used_at, last_used_region
        """;

    public static Task InsertRoleAsync(DbSession db, RoleRecord role) => db.ExecuteAsync(
        """
        INSERT INTO iam_roles (account_id, name_key, role_name, role_id, path, created_at, trust_policy, description,
            max_session_duration, permissions_boundary)
        VALUES (@AccountId, @Key, @RoleName, @RoleId, @Path, @CreatedAt, @TrustPolicy, @Description, @MaxSessionDuration, @PermissionsBoundary)
        """,
        new
        {
            role.AccountId,
            role.Key,
            role.RoleName,
            role.RoleId,
            role.Path,
            role.CreatedAt,
            role.TrustPolicy,
            role.Description,
            MaxSessionDuration = (long)role.MaxSessionDuration,
            role.PermissionsBoundary,
        });

    /// <summary>The role whose name is exactly <paramref name="roleName"/>.</summary>
    public static Task<RoleRecord?> FindRoleAsync(DbSession db, string accountId, string roleName) => db.QuerySingleOrDefaultAsync(
        $"SELECT {RoleColumns} FROM iam_roles WHERE account_id = @accountId AND name_key = @key AND role_name = @roleName",
        ReadRole, new { accountId, key = IamArns.NameKey(roleName), roleName });

    public static async Task<bool> RoleNameTakenAsync(DbSession db, string accountId, string roleName) =>
        await db.ScalarAsync<long>("SELECT COUNT(*) FROM iam_roles WHERE account_id = @accountId AND name_key = @key",
            new { accountId, key = IamArns.NameKey(roleName) }) > 0;

    public static Task<IReadOnlyList<RoleRecord>> ListRolesAsync(DbSession db, string accountId, string pathPrefix, string startKey, int take) =>
        db.QueryAsync(
            $"""
            SELECT {RoleColumns} FROM iam_roles
            WHERE account_id = @accountId AND path >= @pathPrefix AND path < @pathEnd AND name_key >= @startKey
            ORDER BY name_key LIMIT @take
            """,
            ReadRole, new { accountId, pathPrefix, pathEnd = PrefixEnd(pathPrefix), startKey, take = (long)take });

    /// <summary>Deletes the role, its tags and its sessions (their credentials stop working at once).</summary>
    public static async Task DeleteRoleAsync(DbSession db, RoleRecord role)
    {
        var args = new { role.AccountId, role.Key };
        await db.ExecuteAsync("DELETE FROM iam_roles WHERE account_id = @AccountId AND name_key = @Key", args);
        await DeleteAllTagsAsync(db, role.AccountId, EntityKind.Role, role.Key);
        await db.ExecuteAsync("DELETE FROM iam_sessions WHERE account_id = @AccountId AND role_key = @Key", args);
    }

    public static Task UpdateRoleAsync(DbSession db, RoleRecord role) => db.ExecuteAsync(
        """
        UPDATE iam_roles SET trust_policy = @TrustPolicy, description = @Description, max_session_duration = @MaxSessionDuration,
            permissions_boundary = @PermissionsBoundary
        WHERE account_id = @AccountId AND name_key = @Key
        """,
        new { role.AccountId, role.Key, role.TrustPolicy, role.Description, MaxSessionDuration = (long)role.MaxSessionDuration, role.PermissionsBoundary });

    public static Task MarkRoleUsedAsync(DbSession db, RoleRecord role, DateTimeOffset at, string region) => db.ExecuteAsync(
        "UPDATE iam_roles SET last_used_at = @at, last_used_region = @region WHERE account_id = @AccountId AND name_key = @Key",
        new { role.AccountId, role.Key, at, region });

    private static RoleRecord ReadRole(DbRow row) => new(
        row.GetString("account_id"),
        row.GetString("role_name"),
        row.GetString("role_id"),
        row.GetString("path"),
        row.GetDateTimeOffset("created_at"),
        row.GetString("trust_policy"),
        row.GetStringOrNull("description"),
        row.GetInt32("max_session_duration"),
        row.GetStringOrNull("permissions_boundary"),
        row.GetDateTimeOffsetOrNull("last_used_at"),
        row.GetStringOrNull("last_used_region"));
}
