using System.Text.Json.Nodes;
using Sagewright.Core;
using Xunit;

namespace Sagewright.Iam.Tests;

public sealed class UserTests : IamTestBase
{
    [Fact]
    public async Task CreateUser_ReturnsUserWithArnWithoutRegion()
    {
        var output = await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice"), ("Path", "/team/")));

        var user = output["User"]!;
        Assert.Equal("alice", Text(user["UserName"]));
        Assert.Equal($"arn:aws:iam::{Account.AccountId}:user/team/alice", Text(user["Arn"]));
        Assert.StartsWith("AIDA", Text(user["UserId"]));
        Assert.Equal("/team/", Text(user["Path"]));
    }

    [Fact]
    public async Task CreateUser_WhenNameDiffersOnlyInCase_ThrowsEntityAlreadyExists()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "Bob")));

        var error = await Host.IamFailsAsync(Account.Root, "CreateUser", Input(("UserName", "bob")));

        Assert.Equal("EntityAlreadyExists", error.Code);
        Assert.Equal(409, error.StatusCode);
        Assert.Equal("User with name bob already exists.", error.Message);
    }

    [Fact]
    public async Task GetUser_WhenMissing_ThrowsNoSuchEntity()
    {
        var error = await Host.IamFailsAsync(Account.Root, "GetUser", Input(("UserName", "bob")));

        Assert.Equal("NoSuchEntity", error.Code);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("The user with name bob cannot be found.", error.Message);
    }

    [Fact]
    public async Task GetUser_WithoutName_ReturnsCallingUser()
    {
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("iam:GetUser"));

        var output = await Host.IamAsync(alice, "GetUser");

        Assert.Equal("alice", Text(output["User"]!["UserName"]));
    }

    [Fact]
    public async Task GetUser_WithoutNameAsRoot_ReturnsAccountRoot()
    {
        var output = await Host.IamAsync(Account.Root, "GetUser");

        Assert.Equal($"arn:aws:iam::{Account.AccountId}:root", Text(output["User"]!["Arn"]));
        Assert.Equal(Account.AccountId, Text(output["User"]!["UserId"]));
    }

    [Fact]
    public async Task GetUser_OtherAccountsUser_IsInvisible()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        var other = await Host.NewAccountAsync();

        var error = await Host.IamFailsAsync(other.Root, "GetUser", Input(("UserName", "alice")));

        Assert.Equal("NoSuchEntity", error.Code);
    }

    [Fact]
    public async Task ListUsers_PagesWithMarker()
    {
        foreach (var name in new[] { "u5", "u1", "u3", "u2", "u4" })
        {
            await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", name)));
        }

        var names = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var input = Input(("MaxItems", 2));
            if (marker is not null)
            {
                input["Marker"] = marker;
            }
            var page = await Host.IamAsync(Account.Root, "ListUsers", input);
            names.AddRange(page["Users"]!.AsArray().Select(u => Text(u!["UserName"])));
            marker = page["IsTruncated"]!.GetValue<bool>() ? Text(page["Marker"]) : null;
            pages++;
        }
        while (marker is not null);

        Assert.Equal(["u1", "u2", "u3", "u4", "u5"], names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListUsers_FiltersByPathPrefix()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "a"), ("Path", "/eng/")));
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "b"), ("Path", "/eng/ml/")));
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "c")));

        var page = await Host.IamAsync(Account.Root, "ListUsers", Input(("PathPrefix", "/eng/")));

        Assert.Equal(["a", "b"], page["Users"]!.AsArray().Select(u => Text(u!["UserName"])));
    }

    [Fact]
    public async Task DeleteUser_WithAccessKeys_ThrowsDeleteConflict()
    {
        await Host.NewUserAsync(Account, "alice");

        var error = await Host.IamFailsAsync(Account.Root, "DeleteUser", Input(("UserName", "alice")));

        Assert.Equal("DeleteConflict", error.Code);
        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Cannot delete entity, must delete access keys first.", error.Message);
    }

    [Fact]
    public async Task DeleteUser_WithInlinePolicy_ThrowsDeleteConflict()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        await Host.IamAsync(Account.Root, "PutUserPolicy",
            Input(("UserName", "alice"), ("PolicyName", "p"), ("PolicyDocument", IamTestHost.Allow("s3:*"))));

        var error = await Host.IamFailsAsync(Account.Root, "DeleteUser", Input(("UserName", "alice")));

        Assert.Equal("Cannot delete entity, must delete policies first.", error.Message);
    }

    [Fact]
    public async Task DeleteUser_WithAttachedPolicy_ThrowsDeleteConflict()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        await Host.IamAsync(Account.Root, "AttachUserPolicy",
            Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")));

        var error = await Host.IamFailsAsync(Account.Root, "DeleteUser", Input(("UserName", "alice")));

        Assert.Equal("Cannot delete entity, must detach all policies first.", error.Message);
    }

    [Fact]
    public async Task DeleteUser_WhenClean_RemovesUser()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));

        await Host.IamAsync(Account.Root, "DeleteUser", Input(("UserName", "alice")));

        Assert.Equal("NoSuchEntity", (await Host.IamFailsAsync(Account.Root, "GetUser", Input(("UserName", "alice")))).Code);
    }

    [Fact]
    public async Task TagUser_OverwritesKeyIgnoringCase_AndListsTags()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice"), ("Tags", Tags(("Team", "ml")))));

        await Host.IamAsync(Account.Root, "TagUser", Input(("UserName", "alice"), ("Tags", Tags(("team", "data"), ("env", "prod")))));
        var tags = await Host.IamAsync(Account.Root, "ListUserTags", Input(("UserName", "alice")));

        Assert.Equal(["env=prod", "team=data"], tags["Tags"]!.AsArray().Select(t => $"{Text(t!["Key"])}={Text(t["Value"])}"));
    }

    [Fact]
    public async Task TagUser_OverQuota_ThrowsLimitExceeded()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        var tags = Enumerable.Range(0, 50).Select(i => ($"k{i}", "v")).ToArray();
        await Host.IamAsync(Account.Root, "TagUser", Input(("UserName", "alice"), ("Tags", Tags(tags))));

        var error = await Host.IamFailsAsync(Account.Root, "TagUser", Input(("UserName", "alice"), ("Tags", Tags(("one-more", "v")))));

        Assert.Equal("LimitExceeded", error.Code);
    }

    [Fact]
    public async Task UntagUser_RemovesKeys()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice"), ("Tags", Tags(("a", "1"), ("b", "2")))));

        await Host.IamAsync(Account.Root, "UntagUser", Input(("UserName", "alice"), ("TagKeys", new JsonArray("A"))));

        var tags = await Host.IamAsync(Account.Root, "ListUserTags", Input(("UserName", "alice")));
        Assert.Equal(["b"], tags["Tags"]!.AsArray().Select(t => Text(t!["Key"])));
    }

    [Fact]
    public async Task CreateUser_WithInvalidName_ThrowsValidationError()
    {
        var error = await Host.IamFailsAsync(Account.Root, "CreateUser", Input(("UserName", "bad name!")));

        Assert.Equal("ValidationError", error.Code);
    }

    [Fact]
    public async Task PutUserPermissionsBoundary_ShowsInGetUser()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        const string boundary = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

        await Host.IamAsync(Account.Root, "PutUserPermissionsBoundary", Input(("UserName", "alice"), ("PermissionsBoundary", boundary)));
        var user = (await Host.IamAsync(Account.Root, "GetUser", Input(("UserName", "alice"))))["User"]!;

        Assert.Equal(boundary, Text(user["PermissionsBoundary"]!["PermissionsBoundaryArn"]));
        await Host.IamAsync(Account.Root, "DeleteUserPermissionsBoundary", Input(("UserName", "alice")));
        user = (await Host.IamAsync(Account.Root, "GetUser", Input(("UserName", "alice"))))["User"]!;
        Assert.Null(user["PermissionsBoundary"]);
    }

    [Fact]
    public async Task PutUserPermissionsBoundary_WithUnknownPolicy_ThrowsNoSuchEntity()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));

        var error = await Host.IamFailsAsync(Account.Root, "PutUserPermissionsBoundary",
            Input(("UserName", "alice"), ("PermissionsBoundary", $"arn:aws:iam::{Account.AccountId}:policy/nope")));

        Assert.Equal("NoSuchEntity", error.Code);
    }

    internal static JsonArray Tags(params (string Key, string Value)[] tags) =>
        new(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());
}
