using Sagewright.Data;

namespace Sagewright.Iam;

internal static partial class IamStore
{
    public static Task InsertAccountAsync(DbSession db, AccountRecord account) => db.ExecuteAsync(
        "INSERT INTO iam_accounts (account_id, name, created_at) VALUES (@AccountId, @Name, @CreatedAt)", account);

    public static Task<AccountRecord?> FindAccountByNameAsync(DbSession db, string name) => db.QuerySingleOrDefaultAsync(
        "SELECT account_id, name, created_at FROM iam_accounts WHERE name = @name", ReadAccount, new { name });

    public static Task<AccountRecord?> FindAccountAsync(DbSession db, string accountId) => db.QuerySingleOrDefaultAsync(
        "SELECT account_id, name, created_at FROM iam_accounts WHERE account_id = @accountId", ReadAccount, new { accountId });

    private static AccountRecord ReadAccount(DbRow row) =>
        new(row.GetString("account_id"), row.GetString("name"), row.GetDateTimeOffset("created_at"));
}
