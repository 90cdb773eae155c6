using Sagewright.Data;

namespace Sagewright.Iam;

internal static partial class IamStore
{
    private const string UserColumns = "account_id, user_name, user_id, path, created_at, permissions_boundary";

    public static Task InsertUserAsync(DbSession db, UserRecord user) => db.ExecuteAsync(
        """
        INSERT INTO iam_users (account_id, name_key, user_name, user_id, path, created_at, permissions_boundary)
        VALUES (@AccountId, @Key, @UserName, @UserId, @Path, @CreatedAt, @PermissionsBoundary)
        """, new { user.AccountId, user.Key, user.UserName, user.UserId, user.Path, user.CreatedAt, user.PermissionsBoundary });

    /// <summary>The user whose name is exactly <paramref name="userName"/>.</summary>
    public static Task<UserRecord?> FindUserAsync(DbSession db, string accountId, string userName) => db.QuerySingleOrDefaultAsync(
        $"SELECT {UserColumns} FROM iam_users WHERE account_id = @accountId AND name_key = @key AND user_name = @userName",
        ReadUser, new { accountId, key = IamArns.NameKey(userName), userName });

    /// <summary>Whether a user name is taken, ignoring case.</summary>
    public static async Task<bool> UserNameTakenAsync(DbSession db, string accountId, string userName) =>
        await db.ScalarAsync<long>("SELECT COUNT(*) FROM iam_users WHERE account_id = @accountId AND name_key = @key",
            new { accountId, key = IamArns.NameKey(userName) }) > 0;

    /// <summary>Users from <paramref name="startKey"/> in key order, at most <paramref name="take"/>.</summary>
    public static Task<IReadOnlyList<UserRecord>> ListUsersAsync(DbSession db, string accountId, string pathPrefix, string startKey, int take) =>
        db.QueryAsync(
            $"""
            SELECT {UserColumns} FROM iam_users
            WHERE account_id = @accountId AND path >= @pathPrefix AND path < @pathEnd AND name_key >= @startKey
            ORDER BY name_key LIMIT @take
            """,
            ReadUser, new { accountId, pathPrefix, pathEnd = PrefixEnd(pathPrefix), startKey, take = (long)take });

    /// <summary>Deletes the user, its tags and its GetSessionToken sessions (their credentials stop working at once).</summary>
    public static async Task DeleteUserAsync(DbSession db, UserRecord user)
    {
        var args = new { user.AccountId, user.Key };
        await db.ExecuteAsync("DELETE FROM iam_users WHERE account_id = @AccountId AND name_key = @Key", args);
        await DeleteAllTagsAsync(db, user.AccountId, EntityKind.User, user.Key);
        await db.ExecuteAsync("DELETE FROM iam_sessions WHERE account_id = @AccountId AND user_key = @Key", args);
    }

    private static UserRecord ReadUser(DbRow row) => new(
        row.GetString("account_id"),
        row.GetString("user_name"),
        row.GetString("user_id"),
        row.GetString("path"),
        row.GetDateTimeOffset("created_at"),
        row.GetStringOrNull("permissions_boundary"));
}

internal static partial class IamStore
{
    /// <summary>The user by its case-folded key (access keys and sessions refer to users by key).</summary>
    public static Task<UserRecord?> FindUserByKeyAsync(DbSession db, string accountId, string userKey) => db.QuerySingleOrDefaultAsync(
        $"SELECT {UserColumns} FROM iam_users WHERE account_id = @accountId AND name_key = @userKey", ReadUser, new { accountId, userKey });
}
