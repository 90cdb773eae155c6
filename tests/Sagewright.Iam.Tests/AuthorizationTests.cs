using Xunit;

namespace Sagewright.Iam.Tests;

/// <summary>IAM operations are authorized by the pipeline with the identity policies this module supplies.</summary>
public sealed class AuthorizationTests : IamTestBase
{
    [Fact]
    public async Task User_WithoutPolicy_IsDeniedNamingActionAndResource()
    {
        var alice = await Host.NewUserAsync(Account, "alice");

        var error = await Host.IamFailsAsync(alice, "ListUsers");

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal($"User: arn:aws:iam::{Account.AccountId}:user/alice is not authorized to perform: iam:ListUsers on resource: * "
            + "because no identity-based policy allows the iam:ListUsers action", error.Message);
    }

    [Fact]
    public async Task User_WithInlinePolicy_IsAllowedWithinIt()
    {
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("iam:GetUser", $"arn:aws:iam::{Account.AccountId}:user/bob"));
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "bob")));
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "carol")));

        await Host.IamAsync(alice, "GetUser", Input(("UserName", "bob")));
        var error = await Host.IamFailsAsync(alice, "GetUser", Input(("UserName", "carol")));

        Assert.Equal("AccessDenied", error.Code);
    }

    [Fact]
    public async Task User_WithAttachedManagedPolicy_IsAllowed()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")));

        await Host.IamAsync(alice, "ListRoles");
        var error = await Host.IamFailsAsync(alice, "CreateUser", Input(("UserName", "mallory")));

        Assert.Equal("AccessDenied", error.Code);
    }

    [Fact]
    public async Task PermissionsBoundary_LimitsUsersPolicies()
    {
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("iam:*"));
        await Host.IamAsync(Account.Root, "CreatePolicy", Input(("PolicyName", "only-list"), ("PolicyDocument", IamTestHost.Allow("iam:List*"))));
        await Host.IamAsync(Account.Root, "PutUserPermissionsBoundary",
            Input(("UserName", "alice"), ("PermissionsBoundary", $"arn:aws:iam::{Account.AccountId}:policy/only-list")));

        await Host.IamAsync(alice, "ListUsers");
        var error = await Host.IamFailsAsync(alice, "CreateUser", Input(("UserName", "mallory")));

        Assert.Contains("permissions boundary", error.Message);
    }

    [Fact]
    public async Task DenyOnPath_AppliesToUserWithPath()
    {
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iam:*","Resource":"*"},
              {"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::{{Account.AccountId}}:user/admins/*"}]}
            """;
        var alice = await Host.NewUserAsync(Account, "alice", policy);
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "boss"), ("Path", "/admins/")));

        var error = await Host.IamFailsAsync(alice, "DeleteUser", Input(("UserName", "boss")));

        Assert.Equal("AccessDenied", error.Code);
        Assert.Contains("user/admins/boss", error.Message);
    }

    [Fact]
    public async Task AllowNamingOnlyThePathQualifiedArn_IsEnough()
    {
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["iam:GetUser","iam:GetRole"],"Resource":[
                "arn:aws:iam::{{Account.AccountId}}:user/team/*","arn:aws:iam::{{Account.AccountId}}:role/service/*"]}]}
            """;
        var alice = await Host.NewUserAsync(Account, "alice", policy);
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "carol"), ("Path", "/team/")));
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "runner"), ("Path", "/service/"),
            ("AssumeRolePolicyDocument", $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{Account.AccountId}}"},"Action":"sts:AssumeRole"}]}""")));
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "dave")));

        var carol = await Host.IamAsync(alice, "GetUser", Input(("UserName", "carol")));
        var runner = await Host.IamAsync(alice, "GetRole", Input(("RoleName", "runner")));
        var denied = await Host.IamFailsAsync(alice, "GetUser", Input(("UserName", "dave")));

        Assert.Equal("carol", Text(carol["User"]!["UserName"]));
        Assert.Equal("runner", Text(runner["Role"]!["RoleName"]));
        Assert.Equal("AccessDenied", denied.Code);
    }

    [Fact]
    public async Task OtherAccountsPolicyArn_IsDenied()
    {
        var other = await Host.NewAccountAsync();
        await Host.IamAsync(other.Root, "CreatePolicy", Input(("PolicyName", "theirs"), ("PolicyDocument", IamTestHost.Allow("s3:*"))));
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("iam:*"));

        var error = await Host.IamFailsAsync(alice, "GetPolicy", Input(("PolicyArn", $"arn:aws:iam::{other.AccountId}:policy/theirs")));

        Assert.Equal("AccessDenied", error.Code);
    }
}
