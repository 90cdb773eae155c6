using System.Text.Json.Nodes;
using Sagewright.Policy;
using Xunit;

namespace Sagewright.Iam.Tests;

public sealed class PolicyTests : IamTestBase
{
    private string LocalArn(string name, string path = "/") => $"arn:aws:iam::{Account.AccountId}:policy{path}{name}";

    [Fact]
    public async Task PutUserPolicy_GetUserPolicy_ReturnsUrlEncodedDocument()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        var document = IamTestHost.Allow("s3:GetObject", "arn:aws:s3:::bucket/*");

        await Host.IamAsync(Account.Root, "PutUserPolicy", Input(("UserName", "alice"), ("PolicyName", "read"), ("PolicyDocument", document)));
        var output = await Host.IamAsync(Account.Root, "GetUserPolicy", Input(("UserName", "alice"), ("PolicyName", "read")));

        Assert.Equal("alice", Text(output["UserName"]));
        Assert.Equal(document, Uri.UnescapeDataString(Text(output["PolicyDocument"])));
        Assert.DoesNotContain("{", Text(output["PolicyDocument"]));
    }

    [Fact]
    public async Task PutUserPolicy_Malformed_ThrowsMalformedPolicyDocumentWithEngineMessage()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        const string document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}""";

        var error = await Host.IamFailsAsync(Account.Root, "PutUserPolicy", Input(("UserName", "alice"), ("PolicyName", "p"), ("PolicyDocument", document)));

        Assert.Equal("MalformedPolicyDocument", error.Code);
        Assert.Equal("Missing required field Resource", error.Message);
    }

    [Fact]
    public async Task PutUserPolicy_OverUserInlineQuota_ThrowsLimitExceeded_CountingAllInlinePolicies()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        var resources = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"arn:aws:s3:::bucket-{i:D3}/*\""));
        var document = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[{{resources}}]}]}""";
        Assert.InRange(PolicyDocumentsSize(document), 1025, 2048);
        await Host.IamAsync(Account.Root, "PutUserPolicy", Input(("UserName", "alice"), ("PolicyName", "a"), ("PolicyDocument", document)));

        // Replacing the same policy stays within the quota; a second one of that size does not.
        await Host.IamAsync(Account.Root, "PutUserPolicy", Input(("UserName", "alice"), ("PolicyName", "a"), ("PolicyDocument", document)));
        var error = await Host.IamFailsAsync(Account.Root, "PutUserPolicy", Input(("UserName", "alice"), ("PolicyName", "b"), ("PolicyDocument", document)));

        Assert.Equal("LimitExceeded", error.Code);
        Assert.Equal("Maximum policy size of 2048 bytes exceeded for user alice", error.Message);
    }

    [Fact]
    public async Task PutRolePolicy_AllowsLargerInlinePoliciesThanUsers_AndWhitespaceIsNotCounted()
    {
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "r"), ("AssumeRolePolicyDocument", RoleTests.TrustAccount(Account.AccountId))));
        var resources = string.Join(",\n" + new string(' ', 80), Enumerable.Range(0, 100).Select(i => $"\"arn:aws:s3:::bucket-{i:D3}/*\""));
        var document = $$"""{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{{resources}}]}]}""";
        Assert.InRange(PolicyDocumentsSize(document), 2049, 10240);
        Assert.True(document.Length > 10240);

        await Host.IamAsync(Account.Root, "PutRolePolicy", Input(("RoleName", "r"), ("PolicyName", "big"), ("PolicyDocument", document)));

        var names = await Host.IamAsync(Account.Root, "ListRolePolicies", Input(("RoleName", "r")));
        Assert.Equal(["big"], names["PolicyNames"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task DeleteUserPolicy_WhenMissing_ThrowsNoSuchEntity()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));

        var error = await Host.IamFailsAsync(Account.Root, "DeleteUserPolicy", Input(("UserName", "alice"), ("PolicyName", "nope")));

        Assert.Equal("The user policy with name nope cannot be found.", error.Message);
    }

    [Fact]
    public async Task ListUserPolicies_Pages()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        foreach (var name in new[] { "c", "a", "b" })
        {
            await Host.IamAsync(Account.Root, "PutUserPolicy", Input(("UserName", "alice"), ("PolicyName", name), ("PolicyDocument", IamTestHost.Allow("s3:*"))));
        }

        var first = await Host.IamAsync(Account.Root, "ListUserPolicies", Input(("UserName", "alice"), ("MaxItems", 2)));
        var rest = await Host.IamAsync(Account.Root, "ListUserPolicies", Input(("UserName", "alice"), ("Marker", Text(first["Marker"]))));

        Assert.Equal(["a", "b"], first["PolicyNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["c"], rest["PolicyNames"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task CreatePolicy_CreatesDefaultVersionV1()
    {
        var policy = (await Host.IamAsync(Account.Root, "CreatePolicy", Input(("PolicyName", "read"), ("Path", "/team/"),
            ("PolicyDocument", IamTestHost.Allow("s3:Get*")), ("Description", "reads"))))["Policy"]!;

        Assert.Equal(LocalArn("read", "/team/"), Text(policy["Arn"]));
        Assert.Equal("v1", Text(policy["DefaultVersionId"]));
        Assert.StartsWith("ANPA", Text(policy["PolicyId"]));
        var version = (await Host.IamAsync(Account.Root, "GetPolicyVersion", Input(("PolicyArn", LocalArn("read", "/team/")), ("VersionId", "v1"))))["PolicyVersion"]!;
        Assert.True(version["IsDefaultVersion"]!.GetValue<bool>());
        Assert.Equal(IamTestHost.Allow("s3:Get*"), Uri.UnescapeDataString(Text(version["Document"])));
    }

    [Fact]
    public async Task CreatePolicy_DuplicateName_ThrowsEntityAlreadyExists()
    {
        await Host.IamAsync(Account.Root, "CreatePolicy", Input(("PolicyName", "read"), ("PolicyDocument", IamTestHost.Allow("s3:Get*"))));

        var error = await Host.IamFailsAsync(Account.Root, "CreatePolicy",
            Input(("PolicyName", "READ"), ("Path", "/other/"), ("PolicyDocument", IamTestHost.Allow("s3:Get*"))));

        Assert.Equal("EntityAlreadyExists", error.Code);
    }

    [Fact]
    public async Task CreatePolicy_OverManagedQuota_ThrowsLimitExceeded()
    {
        var resources = string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"arn:aws:s3:::bucket-{i:D3}/*\""));
        var document = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[{{resources}}]}]}""";

        var error = await Host.IamFailsAsync(Account.Root, "CreatePolicy", Input(("PolicyName", "big"), ("PolicyDocument", document)));

        Assert.Equal("LimitExceeded", error.Code);
        Assert.Equal("Cannot exceed quota for PolicySize: 6144", error.Message);
    }

    [Fact]
    public async Task CreatePolicyVersion_SixthVersion_ThrowsLimitExceeded()
    {
        var arn = await CreatePolicyAsync("p");
        for (var i = 2; i <= 5; i++)
        {
            var version = (await Host.IamAsync(Account.Root, "CreatePolicyVersion", Input(("PolicyArn", arn), ("PolicyDocument", IamTestHost.Allow($"s3:Get{i}")))))["PolicyVersion"]!;
            Assert.Equal($"v{i}", Text(version["VersionId"]));
        }

        var error = await Host.IamFailsAsync(Account.Root, "CreatePolicyVersion", Input(("PolicyArn", arn), ("PolicyDocument", IamTestHost.Allow("s3:*"))));

        Assert.Equal("LimitExceeded", error.Code);
    }

    [Fact]
    public async Task Versions_SetDefault_DeleteDefaultConflicts_ListNewestFirst()
    {
        var arn = await CreatePolicyAsync("p");
        await Host.IamAsync(Account.Root, "CreatePolicyVersion", Input(("PolicyArn", arn), ("PolicyDocument", IamTestHost.Allow("s3:*")), ("SetAsDefault", true)));

        Assert.Equal("v2", Text((await Host.IamAsync(Account.Root, "GetPolicy", Input(("PolicyArn", arn))))["Policy"]!["DefaultVersionId"]));
        var conflict = await Host.IamFailsAsync(Account.Root, "DeletePolicyVersion", Input(("PolicyArn", arn), ("VersionId", "v2")));
        Assert.Equal("DeleteConflict", conflict.Code);

        await Host.IamAsync(Account.Root, "SetDefaultPolicyVersion", Input(("PolicyArn", arn), ("VersionId", "v1")));
        await Host.IamAsync(Account.Root, "DeletePolicyVersion", Input(("PolicyArn", arn), ("VersionId", "v2")));
        await Host.IamAsync(Account.Root, "CreatePolicyVersion", Input(("PolicyArn", arn), ("PolicyDocument", IamTestHost.Allow("s3:List*"))));
        var versions = await Host.IamAsync(Account.Root, "ListPolicyVersions", Input(("PolicyArn", arn)));

        Assert.Equal(["v3", "v1"], versions["Versions"]!.AsArray().Select(v => Text(v!["VersionId"])));
        var missing = await Host.IamFailsAsync(Account.Root, "GetPolicyVersion", Input(("PolicyArn", arn), ("VersionId", "v2")));
        Assert.Equal("NoSuchEntity", missing.Code);
    }

    [Fact]
    public async Task DeletePolicy_WhileAttached_ThrowsDeleteConflict()
    {
        var arn = await CreatePolicyAsync("p");
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", arn)));

        var error = await Host.IamFailsAsync(Account.Root, "DeletePolicy", Input(("PolicyArn", arn)));
        Assert.Equal("DeleteConflict", error.Code);
        Assert.Equal(1, (await Host.IamAsync(Account.Root, "GetPolicy", Input(("PolicyArn", arn))))["Policy"]!["AttachmentCount"]!.GetValue<int>());

        await Host.IamAsync(Account.Root, "DetachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", arn)));
        await Host.IamAsync(Account.Root, "DeletePolicy", Input(("PolicyArn", arn)));
        Assert.Equal("NoSuchEntity", (await Host.IamFailsAsync(Account.Root, "GetPolicy", Input(("PolicyArn", arn)))).Code);
    }

    [Fact]
    public async Task DeletePolicy_WithNonDefaultVersions_ThrowsDeleteConflict()
    {
        var arn = await CreatePolicyAsync("p");
        await Host.IamAsync(Account.Root, "CreatePolicyVersion", Input(("PolicyArn", arn), ("PolicyDocument", IamTestHost.Allow("s3:*"))));

        var error = await Host.IamFailsAsync(Account.Root, "DeletePolicy", Input(("PolicyArn", arn)));

        Assert.Equal("DeleteConflict", error.Code);
    }

    [Fact]
    public async Task AttachUserPolicy_EleventhPolicy_ThrowsLimitExceeded()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        for (var i = 0; i < 10; i++)
        {
            await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", await CreatePolicyAsync($"p{i}"))));
        }

        var error = await Host.IamFailsAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")));

        Assert.Equal("LimitExceeded", error.Code);
        Assert.Equal("Cannot exceed quota for PoliciesPerUser: 10", error.Message);
    }

    [Fact]
    public async Task AttachRolePolicy_OtherAccountsPolicy_ThrowsNoSuchEntity()
    {
        var other = await Host.NewAccountAsync();
        await Host.IamAsync(other.Root, "CreatePolicy", Input(("PolicyName", "theirs"), ("PolicyDocument", IamTestHost.Allow("s3:*"))));
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "r"), ("AssumeRolePolicyDocument", RoleTests.TrustAccount(Account.AccountId))));
        var theirs = $"arn:aws:iam::{other.AccountId}:policy/theirs";

        var error = await Host.IamFailsAsync(Account.Root, "AttachRolePolicy", Input(("RoleName", "r"), ("PolicyArn", theirs)));

        Assert.Equal("NoSuchEntity", error.Code);
        Assert.Equal($"Policy {theirs} does not exist or is not attachable.", error.Message);
    }

    [Fact]
    public async Task ListAttachedRolePolicies_ListsNamesAndArns()
    {
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "r"), ("AssumeRolePolicyDocument", RoleTests.TrustAccount(Account.AccountId))));
        await Host.IamAsync(Account.Root, "AttachRolePolicy", Input(("RoleName", "r"), ("PolicyArn", "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess")));

        var attached = await Host.IamAsync(Account.Root, "ListAttachedRolePolicies", Input(("RoleName", "r")));

        var policy = Assert.Single(attached["AttachedPolicies"]!.AsArray());
        Assert.Equal("AmazonSageMakerFullAccess", Text(policy!["PolicyName"]));
    }

    [Fact]
    public async Task ListPolicies_ScopesAndOnlyAttached()
    {
        var arn = await CreatePolicyAsync("mine");
        await CreatePolicyAsync("unused");
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", arn)));
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")));

        async Task<string[]> Names(JsonObject input) =>
            (await Host.IamAsync(Account.Root, "ListPolicies", input))["Policies"]!.AsArray().Select(p => Text(p!["PolicyName"])).ToArray();

        Assert.Equal(["mine", "unused"], await Names(Input(("Scope", "Local"))));
        Assert.Contains("AdministratorAccess", await Names(Input(("Scope", "AWS"))));
        Assert.DoesNotContain("mine", await Names(Input(("Scope", "AWS"))));
        Assert.Equal(["ReadOnlyAccess", "mine"], (await Names(Input(("OnlyAttached", true)))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListPolicies_PagesThroughAllPolicies()
    {
        var all = (await Host.IamAsync(Account.Root, "ListPolicies"))["Policies"]!.AsArray().Count;
        var seen = 0;
        string? marker = null;
        do
        {
            var input = Input(("MaxItems", 4));
            if (marker is not null)
            {
                input["Marker"] = marker;
            }
            var page = await Host.IamAsync(Account.Root, "ListPolicies", input);
            seen += page["Policies"]!.AsArray().Count;
            marker = page["IsTruncated"]!.GetValue<bool>() ? Text(page["Marker"]) : null;
        }
        while (marker is not null);

        Assert.Equal(AwsManagedPolicies.All.Count, all);
        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task AwsManagedPolicy_CannotBeModified()
    {
        var error = await Host.IamFailsAsync(Account.Root, "CreatePolicyVersion",
            Input(("PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"), ("PolicyDocument", IamTestHost.Allow("s3:*"))));

        Assert.Equal("InvalidInput", error.Code);
    }

    [Fact]
    public void AwsManagedPolicies_AreValidIdentityPolicies()
    {
        foreach (var policy in AwsManagedPolicies.All)
        {
            PolicyDocument.Parse(policy.Document, PolicyKind.Identity);
            Assert.InRange(PolicyDocumentsSize(policy.Document), 1, 6144);
            Assert.Matches("^ANPA[A-Z2-7]{17}$", policy.PolicyId);
        }
    }

    private static int PolicyDocumentsSize(string document) => PolicyDocuments.Size(document);

    private async Task<string> CreatePolicyAsync(string name)
    {
        await Host.IamAsync(Account.Root, "CreatePolicy", Input(("PolicyName", name), ("PolicyDocument", IamTestHost.Allow("s3:Get*"))));
        return LocalArn(name);
    }
}
