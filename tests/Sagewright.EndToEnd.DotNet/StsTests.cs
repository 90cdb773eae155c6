using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sagewright.EndToEnd.DotNet;

/// <summary>STS through the AWS SDK for .NET against the real server, with users and roles set up over IAM.</summary>
[Collection(ServerCollection.Name)]
public sealed class StsTests(SagewrightServer server)
{
    private AmazonSecurityTokenServiceClient Sts(AWSCredentials credentials) =>
        new(credentials, server.Configure(new AmazonSecurityTokenServiceConfig()));

    private static string Allow(string action) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}""";

    private async Task<BasicAWSCredentials> NewUserAsync(TestAccount account, string userName, string? policy = null)
    {
        var iam = server.Iam(account.Root);
        await iam.CreateUserAsync(userName);
        if (policy is not null)
        {
            await iam.PutUserPolicyAsync(userName, "inline", policy);
        }
        return await iam.CreateAccessKeyAsync(userName);
    }

    /// <summary>Role "deployer" in a new account, trusting user bob of a second new account, whose policy allows sts:AssumeRole.</summary>
    private async Task<(TestAccount Owner, string RoleArn, TestAccount Caller, AWSCredentials Bob)> RoleTrustingBobAsync()
    {
        var owner = await server.CreateAccountAsync();
        var caller = await server.CreateAccountAsync();
        var bob = await NewUserAsync(caller, "bob", Allow("sts:AssumeRole"));
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{caller.AccountId}}:user/bob"},"Action":"sts:AssumeRole"}]}""";
        return (owner, await server.Iam(owner.Root).CreateRoleAsync("deployer", trust), caller, bob);
    }

    [Fact]
    public async Task GetCallerIdentity_WithAdminCredentialsFromTheDataDirectory_ReturnsTheAdminRoot()
    {
        using var sts = Sts(server.AdminRoot);

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Matches("^[0-9]{12}$", identity.Account);
        Assert.Equal($"arn:aws:iam::{identity.Account}:root", identity.Arn);
        Assert.Equal(identity.Account, identity.UserId);
    }

    [Fact]
    public async Task GetCallerIdentity_WithANewUsersAccessKey_ReturnsTheUser()
    {
        var account = await server.CreateAccountAsync();
        var alice = await NewUserAsync(account, "alice");
        using var sts = Sts(alice);

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(account.AccountId, identity.Account);
        Assert.Equal($"arn:aws:iam::{account.AccountId}:user/alice", identity.Arn);
        Assert.StartsWith("AIDA", identity.UserId);
    }

    [Fact]
    public async Task GetAccessKeyInfo_IsAllowedByTheUsersPolicy_AndDeniedToAUserWithoutOne()
    {
        var account = await server.CreateAccountAsync();
        var allowed = await NewUserAsync(account, "allowed", Allow("sts:GetAccessKeyInfo"));
        var other = await NewUserAsync(account, "other");
        using var allowedSts = Sts(allowed);
        using var otherSts = Sts(other);
        var request = new GetAccessKeyInfoRequest { AccessKeyId = allowed.GetCredentials().AccessKey };

        var info = await allowedSts.GetAccessKeyInfoAsync(request);
        var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => otherSts.GetAccessKeyInfoAsync(request));

        Assert.Equal(account.AccountId, info.Account);
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains($"arn:aws:iam::{account.AccountId}:user/other is not authorized to perform: sts:GetAccessKeyInfo", denied.Message);
    }

    [Fact]
    public async Task DeleteUserPolicy_StopsAllowingTheNextCall()
    {
        var account = await server.CreateAccountAsync();
        var alice = await NewUserAsync(account, "alice", Allow("sts:GetAccessKeyInfo"));
        using var sts = Sts(alice);
        var request = new GetAccessKeyInfoRequest { AccessKeyId = alice.GetCredentials().AccessKey };
        await sts.GetAccessKeyInfoAsync(request);

        await server.Iam(account.Root).DeleteUserPolicyAsync("alice", "inline");

        var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetAccessKeyInfoAsync(request));
        Assert.Equal("AccessDenied", denied.ErrorCode);
    }

    [Fact]
    public async Task DeleteAccessKey_RejectsTheKeyOnTheNextCall()
    {
        var account = await server.CreateAccountAsync();
        var alice = await NewUserAsync(account, "alice");
        using var sts = Sts(alice);
        await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        await server.Iam(account.Root).DeleteAccessKeyAsync("alice", alice.GetCredentials().AccessKey);

        var rejected = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("InvalidClientTokenId", rejected.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
    }

    [Fact]
    public async Task AssumeRole_AcrossAccounts_GivesASessionThatIdentifiesAsTheRole()
    {
        var (owner, roleArn, _, bob) = await RoleTrustingBobAsync();
        using var bobSts = Sts(bob);

        var assumed = await bobSts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "release-42", DurationSeconds = 900 });

        Assert.Equal($"arn:aws:sts::{owner.AccountId}:assumed-role/deployer/release-42", assumed.AssumedRoleUser.Arn);
        Assert.StartsWith("ASIA", assumed.Credentials.AccessKeyId);
        Assert.InRange(assumed.Credentials.Expiration!.Value, DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
        var session = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        using var sessionSts = Sts(session);
        var identity = await sessionSts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(owner.AccountId, identity.Account);
        Assert.Equal(assumed.AssumedRoleUser.Arn, identity.Arn);
        Assert.Equal(assumed.AssumedRoleUser.AssumedRoleId, identity.UserId);
    }

    [Fact]
    public async Task AssumeRole_WhenTheTrustPolicyNamesSomeoneElse_ThrowsAccessDenied()
    {
        var (_, roleArn, caller, _) = await RoleTrustingBobAsync();
        using var sts = Sts(await NewUserAsync(caller, "mallory", Allow("sts:AssumeRole")));

        var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "intruder" }));

        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
