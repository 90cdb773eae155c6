using System.Text.Json.Nodes;

namespace Sagewright.Kms.Tests;

public sealed class AliasTests : KmsTestBase
{
    private static JsonObject Alias(string name, string target) => new() { ["AliasName"] = name, ["TargetKeyId"] = target };

    private async Task<JsonArray> ListAsync(JsonObject? input = null) => (await Host.KmsAsync(Root, "ListAliases", input))["Aliases"]!.AsArray();

    [Fact]
    public async Task CreateAlias_ListsWithItsTarget_AndEncryptsThroughIt()
    {
        var keyId = await CreateKeyAsync();

        await Host.KmsAsync(Root, "CreateAlias", Alias("alias/payments", KeyArn(Account.AccountId, keyId)));

        var alias = Assert.Single(await ListAsync())!;
        Assert.Equal("alias/payments", Text(alias["AliasName"]));
        Assert.Equal($"arn:aws:kms:us-east-1:{Account.AccountId}:alias/payments", Text(alias["AliasArn"]));
        Assert.Equal(keyId, Text(alias["TargetKeyId"]));
        Assert.Equal(KeyArn(Account.AccountId, keyId), Text((await EncryptAsync("alias/payments", "x"))["KeyId"]));
    }

    [Fact]
    public async Task CreateAlias_Twice_IsAlreadyExists()
    {
        var keyId = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", Alias("alias/taken", keyId));

        var error = await Host.KmsFailsAsync(Root, "CreateAlias", Alias("alias/taken", await CreateKeyAsync()));

        Assert.Equal("AlreadyExistsException", error.Code);
        Assert.Equal($"An alias with the name arn:aws:kms:us-east-1:{Account.AccountId}:alias/taken already exists", error.Message);
    }

    [Theory]
    [InlineData("payments", "ValidationException")]
    [InlineData("alias/aws/s3", "InvalidAliasNameException")]
    [InlineData("alias/a:b", "ValidationException")]
    public async Task CreateAlias_WithANameCustomersCannotUse_IsRejected(string name, string code)
    {
        var keyId = await CreateKeyAsync();

        var error = await Host.KmsFailsAsync(Root, "CreateAlias", Alias(name, keyId));

        Assert.Equal(code, error.Code);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task UpdateAlias_PointsItAtAnotherKey_AndDeleteAliasRemovesIt()
    {
        var first = await CreateKeyAsync();
        var second = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", Alias("alias/current", first));

        await Host.KmsAsync(Root, "UpdateAlias", Alias("alias/current", second));
        Assert.Equal(second, Text((await Host.KmsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = "alias/current" }))["KeyMetadata"]!["KeyId"]));

        await Host.KmsAsync(Root, "DeleteAlias", new JsonObject { ["AliasName"] = "alias/current" });
        Assert.Empty(await ListAsync());
        var error = await Host.KmsFailsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = "alias/current" });
        Assert.Equal("NotFoundException", error.Code);
        Assert.Equal($"Alias arn:aws:kms:us-east-1:{Account.AccountId}:alias/current is not found.", error.Message);
    }

    [Fact]
    public async Task ListAliases_WithKeyId_ShowsThatKeysAliasesOnly()
    {
        var first = await CreateKeyAsync();
        var second = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", Alias("alias/one", first));
        await Host.KmsAsync(Root, "CreateAlias", Alias("alias/two", second));
        await Host.KmsAsync(Root, "CreateAlias", Alias("alias/three", second));

        var aliases = await ListAsync(new JsonObject { ["KeyId"] = KeyArn(Account.AccountId, second) });

        Assert.Equal(["alias/three", "alias/two"], aliases.Select(a => Text(a!["AliasName"])));
        var paged = await Host.KmsAsync(Root, "ListAliases", new JsonObject { ["Limit"] = 2 });
        Assert.True(paged["Truncated"]!.GetValue<bool>());
        var rest = await Host.KmsAsync(Root, "ListAliases", new JsonObject { ["Limit"] = 2, ["Marker"] = Text(paged["NextMarker"]) });
        Assert.Equal(["alias/two"], rest["Aliases"]!.AsArray().Select(a => Text(a!["AliasName"])));
    }

    [Fact]
    public async Task CreateAlias_NeedsPermissionOnTheAliasAndOnTheKey()
    {
        var keyId = await CreateKeyAsync();
        var keyOnly = await Host.NewUserAsync(Account, "key-only", Allow("kms:CreateAlias", KeyArn(Account.AccountId, keyId)));
        var both = await Host.NewUserAsync(Account, "both", Allow("kms:CreateAlias"));

        var error = await Host.KmsFailsAsync(keyOnly, "CreateAlias", Alias("alias/by-user", keyId));
        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Contains($"alias/by-user", error.Message);

        await Host.KmsAsync(both, "CreateAlias", Alias("alias/by-user", keyId));
        Assert.Single(await ListAsync());
    }
}
