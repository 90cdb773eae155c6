using System.Text.Json.Nodes;
using Sagewright.Core;
using Xunit;

namespace Sagewright.Iam.Tests;

public sealed class AccessKeyTests : IamTestBase
{
    [Fact]
    public async Task CreateAccessKey_ReturnsAkiaKeyWith40CharacterSecret_ThatAuthenticatesTheUser()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));

        var key = (await Host.IamAsync(Account.Root, "CreateAccessKey", Input(("UserName", "alice"))))["AccessKey"]!;

        Assert.Matches("^AKIA[A-Z2-7]{16}$", Text(key["AccessKeyId"]));
        Assert.Equal(40, Text(key["SecretAccessKey"]).Length);
        Assert.Equal("Active", Text(key["Status"]));
        var resolved = await Host.AuthenticateAsync(Text(key["AccessKeyId"]));
        Assert.NotNull(resolved);
        Assert.Equal(Text(key["SecretAccessKey"]), resolved.SecretAccessKey);
        Assert.Equal($"arn:aws:iam::{Account.AccountId}:user/alice", resolved.Caller.Arn);
        Assert.Equal("alice", resolved.Caller.UserName);
    }

    [Fact]
    public async Task CreateAccessKey_ThirdKey_ThrowsLimitExceeded()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        await Host.IamAsync(Account.Root, "CreateAccessKey", Input(("UserName", "alice")));
        await Host.IamAsync(Account.Root, "CreateAccessKey", Input(("UserName", "alice")));

        var error = await Host.IamFailsAsync(Account.Root, "CreateAccessKey", Input(("UserName", "alice")));

        Assert.Equal("LimitExceeded", error.Code);
        Assert.Equal(409, error.StatusCode);
    }

    [Fact]
    public async Task CreateAccessKey_WithoutUserNameAsRoot_CreatesRootKey()
    {
        var key = (await Host.IamAsync(Account.Root, "CreateAccessKey"))["AccessKey"]!;

        var resolved = await Host.AuthenticateAsync(Text(key["AccessKeyId"]));
        Assert.Equal(PrincipalKind.Root, resolved!.Caller.Kind);
        Assert.Null(key["UserName"]);
    }

    [Fact]
    public async Task CreateAccessKey_WithoutUserNameAsUser_CreatesCallersKey()
    {
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("iam:*Key*", $"arn:aws:iam::*:user/${{aws:username}}"));

        var key = (await Host.IamAsync(alice, "CreateAccessKey"))["AccessKey"]!;

        Assert.Equal("alice", Text(key["UserName"]));
        var listed = await Host.IamAsync(alice, "ListAccessKeys");
        Assert.Equal(2, listed["AccessKeyMetadata"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreateAccessKey_WithoutUserNameAsRoleSession_ThrowsValidationError()
    {
        var session = new CallerIdentity(Account.AccountId, $"arn:aws:sts::{Account.AccountId}:assumed-role/r/s", "AROAEXAMPLE:s",
            PrincipalKind.AssumedRole, RoleArn: $"arn:aws:iam::{Account.AccountId}:role/r");
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "r"),
            ("AssumeRolePolicyDocument", RoleTests.TrustAccount(Account.AccountId))));
        await Host.IamAsync(Account.Root, "PutRolePolicy", Input(("RoleName", "r"), ("PolicyName", "p"), ("PolicyDocument", IamTestHost.Allow("iam:*"))));

        var error = await Host.IamFailsAsync(session, "CreateAccessKey");

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal("Must specify userName when calling with non-User credentials", error.Message);
    }

    [Fact]
    public async Task UpdateAccessKey_Inactive_StopsAuthentication()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        var keyId = Text((await Host.IamAsync(Account.Root, "CreateAccessKey", Input(("UserName", "alice"))))["AccessKey"]!["AccessKeyId"]);

        await Host.IamAsync(Account.Root, "UpdateAccessKey", Input(("UserName", "alice"), ("AccessKeyId", keyId), ("Status", "Inactive")));

        Assert.Null(await Host.AuthenticateAsync(keyId));
        var listed = await Host.IamAsync(Account.Root, "ListAccessKeys", Input(("UserName", "alice")));
        Assert.Equal("Inactive", Text(listed["AccessKeyMetadata"]![0]!["Status"]));
        await Host.IamAsync(Account.Root, "UpdateAccessKey", Input(("UserName", "alice"), ("AccessKeyId", keyId), ("Status", "Active")));
        Assert.NotNull(await Host.AuthenticateAsync(keyId));
    }

    [Fact]
    public async Task DeleteAccessKey_StopsAuthentication()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        var keyId = Text((await Host.IamAsync(Account.Root, "CreateAccessKey", Input(("UserName", "alice"))))["AccessKey"]!["AccessKeyId"]);

        await Host.IamAsync(Account.Root, "DeleteAccessKey", Input(("UserName", "alice"), ("AccessKeyId", keyId)));

        Assert.Null(await Host.AuthenticateAsync(keyId));
    }

    [Fact]
    public async Task DeleteAccessKey_OfAnotherUser_ThrowsNoSuchEntity()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "bob")));
        var keyId = Text((await Host.IamAsync(Account.Root, "CreateAccessKey", Input(("UserName", "alice"))))["AccessKey"]!["AccessKeyId"]);

        var error = await Host.IamFailsAsync(Account.Root, "DeleteAccessKey", Input(("UserName", "bob"), ("AccessKeyId", keyId)));

        Assert.Equal("NoSuchEntity", error.Code);
        Assert.Equal($"The Access Key with id {keyId} cannot be found.", error.Message);
    }

    [Fact]
    public async Task RootKey_OfAccount_ResolvesToRoot()
    {
        var resolved = await Host.AuthenticateAsync(Account.AccessKeyId);

        Assert.Equal(CallerIdentity.Root(Account.AccountId), resolved!.Caller);
        Assert.Null(resolved.Expiration);
    }
}
