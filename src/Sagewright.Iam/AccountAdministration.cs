using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.Iam;

public sealed record CreatedAccount(string AccountId, string Name, string AccessKeyId, string SecretAccessKey);

/// <summary>Thrown by <see cref="AccountAdministration.CreateAccountAsync"/> when the name is already in use.</summary>
public sealed class AccountNameTakenException(string name) : Exception($"An account named '{name}' already exists.")
{
    public string Name { get; } = name;
}

/// <summary>
/// Accounts and their root credentials, for the host's first start and the admin CLI (not an AWS API: AWS
/// creates accounts outside IAM).
/// </summary>
public sealed class AccountAdministration(IDatabase database, TimeProvider time)
{
    private const int MaxNameLength = 64;

    /// <summary>Creates an account with a fresh 12-digit id and one root access key.</summary>
    /// <exception cref="AccountNameTakenException">An account with this name exists.</exception>
    public async Task<CreatedAccount> CreateAccountAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > MaxNameLength || name.Trim() != name)
        {
            throw new ArgumentException($"An account name has 1 to {MaxNameLength} characters and no surrounding spaces.", nameof(name));
        }
        var now = time.GetUtcNow();
        var key = new AccessKeyRecord(Ids.Prefixed("AKIA"), "", null, Ids.SecretAccessKey(), AccessKeyRecord.Active, now);
        try
        {
            return await InsertAccountAsync(name, key, now, cancellationToken);
        }
        catch (UniqueConstraintViolationException e) when (e.Table is null or "iam_accounts")
        {
            // Another process created the name between our check and insert.
            throw new AccountNameTakenException(name);
        }
    }

    private Task<CreatedAccount> InsertAccountAsync(string name, AccessKeyRecord key, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async db =>
        {
            if (await IamStore.FindAccountByNameAsync(db, name) is not null)
            {
                throw new AccountNameTakenException(name);
            }
            var accountId = Ids.AccountId();
            while (await IamStore.FindAccountAsync(db, accountId) is not null)
            {
                accountId = Ids.AccountId();
            }
            await IamStore.InsertAccountAsync(db, new AccountRecord(accountId, name, now));
            await IamStore.InsertAccessKeyAsync(db, key with { AccountId = accountId });
            return new CreatedAccount(accountId, name, key.AccessKeyId, key.SecretAccessKey);
        }, cancellationToken);

    /// <summary>
    /// The account with this name and its oldest active root key (empty key fields when the account's root keys
    /// have all been deleted or deactivated), or null when there is none.
    /// </summary>
    public Task<CreatedAccount?> FindAccountByNameAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async db =>
        {
            if (await IamStore.FindAccountByNameAsync(db, name) is not { } account)
            {
                return null;
            }
            var key = (await IamStore.ListAccessKeysAsync(db, account.AccountId, null)).FirstOrDefault(k => k.Status == AccessKeyRecord.Active);
            return new CreatedAccount(account.AccountId, account.Name, key?.AccessKeyId ?? "", key?.SecretAccessKey ?? "");
        }, cancellationToken);
}
