using Xunit;

namespace Sagewright.Iam.Tests;

public sealed class AccountAdministrationTests : IamTestBase
{
    // Unique per test: a PostgreSQL test database is shared between runs.
    private readonly string _name = "research-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task CreateAccount_ReturnsTwelveDigitIdAndRootKey()
    {
        var created = await Host.Accounts.CreateAccountAsync(_name, CancellationToken.None);

        Assert.Matches("^[1-9][0-9]{11}$", created.AccountId);
        Assert.Matches("^AKIA[A-Z2-7]{16}$", created.AccessKeyId);
        Assert.Equal(40, created.SecretAccessKey.Length);
        Assert.Equal(created, await Host.Accounts.FindAccountByNameAsync(_name, CancellationToken.None));
    }

    [Fact]
    public async Task CreateAccount_DuplicateName_ThrowsAccountNameTaken()
    {
        await Host.Accounts.CreateAccountAsync(_name, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AccountNameTakenException>(() => Host.Accounts.CreateAccountAsync(_name, CancellationToken.None));

        Assert.Equal($"An account named '{_name}' already exists.", error.Message);
    }

    [Fact]
    public async Task FindAccountByName_WhenMissing_ReturnsNull() =>
        Assert.Null(await Host.Accounts.FindAccountByNameAsync("nobody", CancellationToken.None));

    [Fact]
    public async Task Accounts_AreIsolated()
    {
        var other = await Host.NewAccountAsync();
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));

        await Host.IamAsync(other.Root, "CreateUser", Input(("UserName", "alice")));
        var users = await Host.IamAsync(other.Root, "ListUsers");

        Assert.Equal($"arn:aws:iam::{other.AccountId}:user/alice", Text(Assert.Single(users["Users"]!.AsArray())!["Arn"]));
    }
}
