using Sagewright.Data;

namespace Sagewright.Iam;

internal static partial class IamStore
{
    private const string AccessKeyColumns = "access_key_id, account_id, user_key, secret_access_key, status, created_at";

    public static Task InsertAccessKeyAsync(DbSession db, AccessKeyRecord key) => db.ExecuteAsync(
        """
        INSERT INTO iam_access_keys (access_key_id, account_id, user_key, secret_access_key, status, created_at)
        VALUES (@AccessKeyId, @AccountId, @UserKey, @SecretAccessKey, @Status, @CreatedAt)
        """, key);

    public static Task<AccessKeyRecord?> FindAccessKeyAsync(DbSession db, string accessKeyId) => db.QuerySingleOrDefaultAsync(
        $"SELECT {AccessKeyColumns} FROM iam_access_keys WHERE access_key_id = @accessKeyId", ReadAccessKey, new { accessKeyId });

    /// <summary>The keys of a user, or of the account's root when <paramref name="userKey"/> is null, oldest first.</summary>
    public static Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(DbSession db, string accountId, string? userKey) => db.QueryAsync(
        userKey is null
            ? $"SELECT {AccessKeyColumns} FROM iam_access_keys WHERE account_id = @accountId AND user_key IS NULL ORDER BY created_at, access_key_id"
            : $"SELECT {AccessKeyColumns} FROM iam_access_keys WHERE account_id = @accountId AND user_key = @userKey ORDER BY created_at, access_key_id",
        ReadAccessKey, new { accountId, userKey });

    public static Task DeleteAccessKeyAsync(DbSession db, string accessKeyId) =>
        db.ExecuteAsync("DELETE FROM iam_access_keys WHERE access_key_id = @accessKeyId", new { accessKeyId });

    public static Task UpdateAccessKeyStatusAsync(DbSession db, string accessKeyId, string status) =>
        db.ExecuteAsync("UPDATE iam_access_keys SET status = @status WHERE access_key_id = @accessKeyId", new { accessKeyId, status });

    private static AccessKeyRecord ReadAccessKey(DbRow row) => new(
        row.GetString("access_key_id"),
        row.GetString("account_id"),
        row.GetStringOrNull("user_key"),
        row.GetString("secret_access_key"),
        row.GetString("status"),
        row.GetDateTimeOffset("created_at"));
}
