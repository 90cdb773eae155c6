using Sagewright.Core;
using Xunit;

namespace Sagewright.Iam.Tests;

/// <summary>
/// Credentials and identity policies are cached in process: every IAM write through this process applies to the next
/// request, writes made elsewhere once the TTL passes. Each test reads first so that the cache holds the old state.
/// </summary>
public sealed class IamCacheTests : IamTestBase
{
    private static readonly TimeSpan DefaultTtl = new IamOptions().CacheTtl;

    private async Task<string> NewUserKeyAsync(string userName)
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", userName)));
        var key = await Host.IamAsync(Account.Root, "CreateAccessKey", Input(("UserName", userName)));
        return Text(key["AccessKey"]!["AccessKeyId"]);
    }

    private async Task<ResolvedCredential> AssumeRoleAsync(string roleName, string rolePolicy)
    {
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account.AccountId}}:root"},"Action":"sts:AssumeRole"}]}""";
        var role = await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", roleName), ("AssumeRolePolicyDocument", trust)));
        await Host.IamAsync(Account.Root, "PutRolePolicy", Input(("RoleName", roleName), ("PolicyName", "p"), ("PolicyDocument", rolePolicy)));
        var assumed = await Host.CallAsync(Account.Root, "sts", "AssumeRole",
            Input(("RoleArn", Text(role["Role"]!["Arn"])), ("RoleSessionName", "s1")));
        var credentials = assumed["Credentials"]!;
        return (await Host.AuthenticateAsync(Text(credentials["AccessKeyId"]), Text(credentials["SessionToken"])))!;
    }

    /// <summary>Deletes a key straight in the database, as the admin CLI or another replica would: this process's cache is not told.</summary>
    private static Task DeleteKeyAsAnotherProcessAsync(IamTestHost host, string accessKeyId) =>
        host.Database.WriteAsync(async db =>
        {
            await IamStore.DeleteAccessKeyAsync(db, accessKeyId);
            return true;
        }, CancellationToken.None);

    [Fact]
    public async Task DeleteAccessKey_OfCachedKey_RejectsItOnTheNextRequest()
    {
        var keyId = await NewUserKeyAsync("alice");
        Assert.NotNull(await Host.AuthenticateAsync(keyId));

        await Host.IamAsync(Account.Root, "DeleteAccessKey", Input(("UserName", "alice"), ("AccessKeyId", keyId)));

        Assert.Null(await Host.AuthenticateAsync(keyId));
    }

    [Fact]
    public async Task UpdateAccessKey_InactiveCachedKey_RejectsItOnTheNextRequest()
    {
        var keyId = await NewUserKeyAsync("alice");
        Assert.NotNull(await Host.AuthenticateAsync(keyId));

        await Host.IamAsync(Account.Root, "UpdateAccessKey", Input(("UserName", "alice"), ("AccessKeyId", keyId), ("Status", "Inactive")));

        Assert.Null(await Host.AuthenticateAsync(keyId));
    }

    [Fact]
    public async Task DetachUserPolicy_AfterItAllowedACall_DeniesTheNextCall()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")));
        await Host.IamAsync(alice, "ListUsers");

        await Host.IamAsync(Account.Root, "DetachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")));

        Assert.Equal("AccessDenied", (await Host.IamFailsAsync(alice, "ListUsers")).Code);
    }

    [Fact]
    public async Task PutUserPolicy_AddingDeny_DeniesTheNextCall()
    {
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("iam:ListUsers"));
        await Host.IamAsync(alice, "ListUsers");

        await Host.IamAsync(Account.Root, "PutUserPolicy", Input(("UserName", "alice"), ("PolicyName", "deny"),
            ("PolicyDocument", IamTestHost.Deny("iam:ListUsers"))));

        Assert.Equal("AccessDenied", (await Host.IamFailsAsync(alice, "ListUsers")).Code);
    }

    [Fact]
    public async Task CreatePolicyVersion_NewDefaultNarrowsAttachedPolicy_DeniesTheNextCall()
    {
        var created = await Host.IamAsync(Account.Root, "CreatePolicy", Input(("PolicyName", "lists"), ("PolicyDocument", IamTestHost.Allow("iam:List*"))));
        var policyArn = Text(created["Policy"]!["Arn"]);
        var alice = await Host.NewUserAsync(Account, "alice");
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", policyArn)));
        await Host.IamAsync(alice, "ListUsers");

        await Host.IamAsync(Account.Root, "CreatePolicyVersion", Input(("PolicyArn", policyArn),
            ("PolicyDocument", IamTestHost.Allow("iam:ListRoles")), ("SetAsDefault", true)));

        Assert.Equal("AccessDenied", (await Host.IamFailsAsync(alice, "ListUsers")).Code);
        await Host.IamAsync(alice, "ListRoles");
    }

    [Fact]
    public async Task DeleteRolePolicy_AfterItAllowedASession_DeniesTheSessionsNextCall()
    {
        var session = await AssumeRoleAsync("worker", IamTestHost.Allow("iam:ListRoles"));
        await Host.IamAsync(session.Caller, "ListRoles");

        await Host.IamAsync(Account.Root, "DeleteRolePolicy", Input(("RoleName", "worker"), ("PolicyName", "p")));

        Assert.Equal("AccessDenied", (await Host.IamFailsAsync(session.Caller, "ListRoles")).Code);
    }

    [Fact]
    public async Task DeleteRole_RejectsItsCachedSessionOnTheNextRequest()
    {
        var session = await AssumeRoleAsync("worker", IamTestHost.Allow("iam:ListRoles"));

        await Host.IamAsync(Account.Root, "DeleteRolePolicy", Input(("RoleName", "worker"), ("PolicyName", "p")));
        await Host.IamAsync(Account.Root, "DeleteRole", Input(("RoleName", "worker")));

        Assert.Null(await Host.AuthenticateAsync(session.AccessKeyId, session.SessionToken));
    }

    [Fact]
    public async Task KeyDeletedByAnotherProcess_StillAuthenticatesUntilTheTtlPasses()
    {
        var keyId = await NewUserKeyAsync("alice");
        Assert.NotNull(await Host.AuthenticateAsync(keyId));

        await DeleteKeyAsAnotherProcessAsync(Host, keyId);

        Assert.NotNull(await Host.AuthenticateAsync(keyId));
        Host.Time.Now += DefaultTtl;
        Assert.Null(await Host.AuthenticateAsync(keyId));
    }

    [Fact]
    public async Task PolicyDetachedByAnotherProcess_StillAllowsUntilTheTtlPasses()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")));
        await Host.IamAsync(alice, "ListUsers");

        await Host.Database.WriteAsync(db => IamStore.DetachPolicyAsync(db, Account.AccountId, EntityKind.User, "alice",
            "arn:aws:iam::aws:policy/IAMReadOnlyAccess"), CancellationToken.None);

        await Host.IamAsync(alice, "ListUsers");
        Host.Time.Now += DefaultTtl;
        Assert.Equal("AccessDenied", (await Host.IamFailsAsync(alice, "ListUsers")).Code);
    }

    [Fact]
    public async Task FailedIamWrite_InvalidatesNothing_ASucceedingOneDoes()
    {
        var keyId = await NewUserKeyAsync("alice");
        Assert.NotNull(await Host.AuthenticateAsync(keyId));
        await DeleteKeyAsAnotherProcessAsync(Host, keyId);

        await Host.IamFailsAsync(Account.Root, "DeleteUserPolicy", Input(("UserName", "alice"), ("PolicyName", "none")));
        Assert.NotNull(await Host.AuthenticateAsync(keyId));

        await Host.IamAsync(Account.Root, "TagUser", Input(("UserName", "alice"), ("Tags", new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["Key"] = "team", ["Value"] = "ml" }))));
        Assert.Null(await Host.AuthenticateAsync(keyId));
    }

    [Fact]
    public async Task UnknownKey_IsNotCached_SoAKeyCreatedByAnotherProcessWorksAtOnce()
    {
        // Fresh each run: access key ids are unique across accounts, and the PostgreSQL test database outlives a run.
        var keyId = Ids.Prefixed("AKIA");
        Assert.Null(await Host.AuthenticateAsync(keyId));

        await Host.Database.WriteAsync(async db =>
        {
            await IamStore.InsertAccessKeyAsync(db, new AccessKeyRecord(keyId, Account.AccountId, null, "secret", AccessKeyRecord.Active, Host.Time.Now));
            return true;
        }, CancellationToken.None);

        Assert.NotNull(await Host.AuthenticateAsync(keyId));
    }

    [Fact]
    public async Task ZeroTtl_SeesAnotherProcessesDeleteAtOnce()
    {
        await using var host = await IamTestHost.StartAsync(new IamOptions { CacheTtl = TimeSpan.Zero });
        var account = await host.NewAccountAsync();
        Assert.NotNull(await host.AuthenticateAsync(account.AccessKeyId));

        await DeleteKeyAsAnotherProcessAsync(host, account.AccessKeyId);

        Assert.Null(await host.AuthenticateAsync(account.AccessKeyId));
    }
}

/// <summary>A cache entry outliving its session's credentials must not keep them valid.</summary>
public sealed class IamCacheExpiryTests
{
    [Fact]
    public async Task SessionCachedLongerThanItLives_IsRejectedOnceExpired()
    {
        await using var host = await IamTestHost.StartAsync(new IamOptions { CacheTtl = TimeSpan.FromDays(1) });
        var account = await host.NewAccountAsync();
        var issued = await host.CallAsync(account.Root, "sts", "GetSessionToken", new() { ["DurationSeconds"] = 900 });
        var credentials = issued["Credentials"]!;
        var keyId = credentials["AccessKeyId"]!.GetValue<string>();
        var token = credentials["SessionToken"]!.GetValue<string>();
        Assert.NotNull(await host.AuthenticateAsync(keyId, token));

        host.Time.Now += TimeSpan.FromSeconds(900);

        Assert.Null(await host.AuthenticateAsync(keyId, token));
        var cached = await host.Credentials.FindAsync(keyId, CancellationToken.None);
        Assert.Equal(host.Time.Now, cached!.Expiration);
    }
}
