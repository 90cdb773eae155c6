using System.Text.Json.Nodes;
using Xunit;

namespace Sagewright.Iam.Tests;

public sealed class AuthorizationDetailsTests : IamTestBase
{
    [Fact]
    public async Task GetAccountAuthorizationDetails_ListsEntitiesWithTheirPolicies_AndPages()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        await Host.IamAsync(Account.Root, "PutUserPolicy", Input(("UserName", "alice"), ("PolicyName", "p"), ("PolicyDocument", IamTestHost.Allow("s3:*"))));
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")));
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "r"), ("AssumeRolePolicyDocument", RoleTests.TrustAccount(Account.AccountId))));
        await Host.IamAsync(Account.Root, "CreatePolicy", Input(("PolicyName", "mine"), ("PolicyDocument", IamTestHost.Allow("s3:Get*"))));

        var all = await Host.IamAsync(Account.Root, "GetAccountAuthorizationDetails");
        var first = await Host.IamAsync(Account.Root, "GetAccountAuthorizationDetails", Input(("MaxItems", 2)));
        var rest = await Host.IamAsync(Account.Root, "GetAccountAuthorizationDetails", Input(("Marker", Text(first["Marker"]))));
        var usersOnly = await Host.IamAsync(Account.Root, "GetAccountAuthorizationDetails", Input(("Filter", new JsonArray("User"))));

        var user = Assert.Single(all["UserDetailList"]!.AsArray())!;
        Assert.Equal("p", Text(user["UserPolicyList"]![0]!["PolicyName"]));
        Assert.Equal("ReadOnlyAccess", Text(user["AttachedManagedPolicies"]![0]!["PolicyName"]));
        Assert.Equal("r", Text(Assert.Single(all["RoleDetailList"]!.AsArray())!["RoleName"]));
        Assert.Equal(["mine", "ReadOnlyAccess"], all["Policies"]!.AsArray().Select(p => Text(p!["PolicyName"])));
        Assert.Equal("v1", Text(all["Policies"]![0]!["PolicyVersionList"]![0]!["VersionId"]));
        Assert.True(first["IsTruncated"]!.GetValue<bool>());
        Assert.Equal(2, rest["Policies"]!.AsArray().Count);
        Assert.Empty(usersOnly["RoleDetailList"]!.AsArray());
    }
}
