using System.Text.Json.Nodes;
using Xunit;

namespace Sagewright.Iam.Tests;

public sealed class RoleTests : IamTestBase
{
    internal static string TrustAccount(string accountId) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{accountId}}:root"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task CreateRole_ReturnsRoleWithUrlEncodedTrustPolicy()
    {
        var trust = TrustAccount(Account.AccountId);

        var role = (await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "runner"), ("Path", "/ml/"),
            ("AssumeRolePolicyDocument", trust), ("Description", "runs jobs"))))["Role"]!;

        Assert.Equal($"arn:aws:iam::{Account.AccountId}:role/ml/runner", Text(role["Arn"]));
        Assert.StartsWith("AROA", Text(role["RoleId"]));
        Assert.Equal(3600, role["MaxSessionDuration"]!.GetValue<int>());
        Assert.Equal(Uri.EscapeDataString(trust), Text(role["AssumeRolePolicyDocument"]));
        Assert.Equal(trust, Uri.UnescapeDataString(Text(role["AssumeRolePolicyDocument"])));
    }

    [Fact]
    public async Task CreateRole_WhenNameDiffersOnlyInCase_ThrowsEntityAlreadyExists()
    {
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "Deployer"), ("AssumeRolePolicyDocument", TrustAccount(Account.AccountId))));

        var error = await Host.IamFailsAsync(Account.Root, "CreateRole",
            Input(("RoleName", "deployer"), ("AssumeRolePolicyDocument", TrustAccount(Account.AccountId))));

        Assert.Equal("EntityAlreadyExists", error.Code);
        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Role with name deployer already exists.", error.Message);
    }

    [Fact]
    public async Task CreateRole_WithIdentityPolicyAsTrust_ThrowsMalformedPolicyDocument()
    {
        var error = await Host.IamFailsAsync(Account.Root, "CreateRole", Input(("RoleName", "r"),
            ("AssumeRolePolicyDocument", IamTestHost.Allow("sts:AssumeRole"))));

        Assert.Equal("MalformedPolicyDocument", error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Principal", error.Message);
    }

    [Fact]
    public async Task CreateRole_WithInvalidJson_ThrowsMalformedPolicyDocument()
    {
        var error = await Host.IamFailsAsync(Account.Root, "CreateRole", Input(("RoleName", "r"), ("AssumeRolePolicyDocument", "{not json")));

        Assert.Equal("MalformedPolicyDocument", error.Code);
        Assert.Equal("Syntax errors in policy.", error.Message);
    }

    [Theory]
    [InlineData(3599)]
    [InlineData(43201)]
    public async Task CreateRole_WithMaxSessionDurationOutOfRange_ThrowsValidationError(int seconds)
    {
        var error = await Host.IamFailsAsync(Account.Root, "CreateRole", Input(("RoleName", "r"),
            ("AssumeRolePolicyDocument", TrustAccount(Account.AccountId)), ("MaxSessionDuration", seconds)));

        Assert.Equal("ValidationError", error.Code);
    }

    [Fact]
    public async Task CreateRole_WithTrustPolicyOverQuota_ThrowsLimitExceeded()
    {
        var principals = string.Join(",", Enumerable.Range(0, 80).Select(i => $"\"arn:aws:iam::{Account.AccountId}:user/user{i:D4}\""));
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[{{principals}}]},"Action":"sts:AssumeRole"}]}""";

        var error = await Host.IamFailsAsync(Account.Root, "CreateRole", Input(("RoleName", "r"), ("AssumeRolePolicyDocument", trust)));

        Assert.Equal("LimitExceeded", error.Code);
        Assert.Equal("Cannot exceed quota for ACLSizePerRole: 2048", error.Message);
    }

    [Fact]
    public async Task GetRole_WhenMissing_ThrowsNoSuchEntity()
    {
        var error = await Host.IamFailsAsync(Account.Root, "GetRole", Input(("RoleName", "X")));

        Assert.Equal("The role with name X cannot be found.", error.Message);
    }

    [Fact]
    public async Task UpdateRole_And_UpdateAssumeRolePolicy_AreVisibleInGetRole()
    {
        await CreateRoleAsync("r");
        var other = await Host.NewAccountAsync();

        await Host.IamAsync(Account.Root, "UpdateRole", Input(("RoleName", "r"), ("Description", "new"), ("MaxSessionDuration", 7200)));
        await Host.IamAsync(Account.Root, "UpdateAssumeRolePolicy", Input(("RoleName", "r"), ("PolicyDocument", TrustAccount(other.AccountId))));
        var role = (await Host.IamAsync(Account.Root, "GetRole", Input(("RoleName", "r"))))["Role"]!;

        Assert.Equal("new", Text(role["Description"]));
        Assert.Equal(7200, role["MaxSessionDuration"]!.GetValue<int>());
        Assert.Contains(other.AccountId, Uri.UnescapeDataString(Text(role["AssumeRolePolicyDocument"])));
    }

    [Fact]
    public async Task DeleteRole_WithInlinePolicy_ThrowsDeleteConflict_ThenSucceedsOnceRemoved()
    {
        await CreateRoleAsync("r");
        await Host.IamAsync(Account.Root, "PutRolePolicy", Input(("RoleName", "r"), ("PolicyName", "p"), ("PolicyDocument", IamTestHost.Allow("s3:*"))));

        var error = await Host.IamFailsAsync(Account.Root, "DeleteRole", Input(("RoleName", "r")));
        Assert.Equal("DeleteConflict", error.Code);

        await Host.IamAsync(Account.Root, "DeleteRolePolicy", Input(("RoleName", "r"), ("PolicyName", "p")));
        await Host.IamAsync(Account.Root, "DeleteRole", Input(("RoleName", "r")));
        Assert.Equal("NoSuchEntity", (await Host.IamFailsAsync(Account.Root, "GetRole", Input(("RoleName", "r")))).Code);
    }

    [Fact]
    public async Task DeleteRole_WithAttachedPolicy_ThrowsDeleteConflict()
    {
        await CreateRoleAsync("r");
        await Host.IamAsync(Account.Root, "AttachRolePolicy", Input(("RoleName", "r"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")));

        var error = await Host.IamFailsAsync(Account.Root, "DeleteRole", Input(("RoleName", "r")));

        Assert.Equal("Cannot delete entity, must detach all policies first.", error.Message);
    }

    [Fact]
    public async Task ListRoles_PagesAndOmitsTags()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateRoleAsync($"role{i}");
        }

        var first = await Host.IamAsync(Account.Root, "ListRoles", Input(("MaxItems", 2)));
        var second = await Host.IamAsync(Account.Root, "ListRoles", Input(("Marker", Text(first["Marker"]))));

        Assert.True(first["IsTruncated"]!.GetValue<bool>());
        Assert.Equal(["role0", "role1"], first["Roles"]!.AsArray().Select(r => Text(r!["RoleName"])));
        Assert.Equal(["role2"], second["Roles"]!.AsArray().Select(r => Text(r!["RoleName"])));
        Assert.False(second["IsTruncated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TagRole_UntagRole_ListRoleTags()
    {
        await CreateRoleAsync("r");

        await Host.IamAsync(Account.Root, "TagRole", Input(("RoleName", "r"), ("Tags", UserTests.Tags(("a", "1"), ("b", "2")))));
        await Host.IamAsync(Account.Root, "UntagRole", Input(("RoleName", "r"), ("TagKeys", new JsonArray("a"))));
        var tags = await Host.IamAsync(Account.Root, "ListRoleTags", Input(("RoleName", "r")));

        Assert.Equal(["b"], tags["Tags"]!.AsArray().Select(t => Text(t!["Key"])));
    }

    [Fact]
    public async Task TagRole_WithDuplicateKeysIgnoringCase_ThrowsInvalidInput()
    {
        await CreateRoleAsync("r");

        var error = await Host.IamFailsAsync(Account.Root, "TagRole", Input(("RoleName", "r"), ("Tags", UserTests.Tags(("a", "1"), ("A", "2")))));

        Assert.Equal("InvalidInput", error.Code);
    }

    [Fact]
    public async Task PutRolePermissionsBoundary_ShowsInGetRole()
    {
        await CreateRoleAsync("r");

        await Host.IamAsync(Account.Root, "PutRolePermissionsBoundary",
            Input(("RoleName", "r"), ("PermissionsBoundary", "arn:aws:iam::aws:policy/PowerUserAccess")));
        var role = (await Host.IamAsync(Account.Root, "GetRole", Input(("RoleName", "r"))))["Role"]!;

        Assert.Equal("arn:aws:iam::aws:policy/PowerUserAccess", Text(role["PermissionsBoundary"]!["PermissionsBoundaryArn"]));
    }

    private Task<JsonObject> CreateRoleAsync(string name) =>
        Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", name), ("AssumeRolePolicyDocument", TrustAccount(Account.AccountId))));
}
