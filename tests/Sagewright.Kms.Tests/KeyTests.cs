using System.Text.Json.Nodes;

namespace Sagewright.Kms.Tests;

public sealed class KeyTests : KmsTestBase
{
    [Fact]
    public async Task CreateKey_ReturnsTheMetadataOfAnEnabledSymmetricKey_WithTheDefaultPolicy()
    {
        var metadata = (await Host.KmsAsync(Root, "CreateKey", new JsonObject { ["Description"] = "orders" }))["KeyMetadata"]!;

        var keyId = Text(metadata["KeyId"]);
        Assert.True(Guid.TryParseExact(keyId, "D", out _));
        Assert.Equal(KeyArn(Account.AccountId, keyId), Text(metadata["Arn"]));
        Assert.Equal(Account.AccountId, Text(metadata["AWSAccountId"]));
        Assert.Equal("orders", Text(metadata["Description"]));
        Assert.Equal("Enabled", Text(metadata["KeyState"]));
        Assert.True(metadata["Enabled"]!.GetValue<bool>());
        Assert.Equal("SYMMETRIC_DEFAULT", Text(metadata["KeySpec"]));
        Assert.Equal("ENCRYPT_DECRYPT", Text(metadata["KeyUsage"]));
        Assert.Equal("AWS_KMS", Text(metadata["Origin"]));
        Assert.Equal("CUSTOMER", Text(metadata["KeyManager"]));
        Assert.Equal(Host.Time.Now, metadata["CreationDate"]!.GetValue<DateTimeOffset>());

        var policy = JsonNode.Parse(Text((await Host.KmsAsync(Root, "GetKeyPolicy", new JsonObject { ["KeyId"] = keyId }))["Policy"]))!;
        var statement = policy["Statement"]![0]!;
        Assert.Equal(Root.Arn, Text(statement["Principal"]!["AWS"]));
        Assert.Equal("kms:*", Text(statement["Action"]));
    }

    [Theory]
    [InlineData("KeySpec", "RSA_2048")]
    [InlineData("KeyUsage", "SIGN_VERIFY")]
    [InlineData("Origin", "EXTERNAL")]
    public async Task CreateKey_OfAKindNotSupported_SaysSo(string member, string value)
    {
        var error = await Host.KmsFailsAsync(Root, "CreateKey", new JsonObject { [member] = value });

        Assert.Equal("UnsupportedOperationException", error.Code);
        Assert.Contains(value, error.Message);
        Assert.Empty((await Host.KmsAsync(Root, "ListKeys"))["Keys"]!.AsArray());
    }

    [Fact]
    public async Task ListKeys_PagesWithLimitAndMarker()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateKeyAsync());
        }
        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var input = new JsonObject { ["Limit"] = 2 };
            if (marker is not null)
            {
                input["Marker"] = marker;
            }
            var page = await Host.KmsAsync(Root, "ListKeys", input);
            seen.AddRange(page["Keys"]!.AsArray().Select(k => Text(k!["KeyId"])));
            marker = page["Truncated"]!.GetValue<bool>() ? Text(page["NextMarker"]) : null;
            pages++;
        }
        while (marker is not null);

        Assert.Equal(3, pages);
        Assert.Equal(created.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListKeys_ShowsOnlyTheCallersAccount()
    {
        var mine = await CreateKeyAsync();
        var other = await Host.NewAccountAsync();
        await CreateKeyAsync(other.Root);

        var keys = (await Host.KmsAsync(Root, "ListKeys"))["Keys"]!.AsArray();

        Assert.Equal([mine], keys.Select(k => Text(k!["KeyId"])));
        Assert.Equal(KeyArn(Account.AccountId, mine), Text(keys[0]!["KeyArn"]));
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("arn:aws:kms:us-east-1:111122223333:bucket/x")]
    [InlineData("1234")]
    public async Task DescribeKey_OfSomethingThatIsNoKeyId_IsNotFound(string keyId)
    {
        var error = await Host.KmsFailsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = keyId });

        Assert.Equal("NotFoundException", error.Code);
        Assert.Equal($"Invalid keyId {keyId}", error.Message);
    }

    [Fact]
    public async Task DescribeKey_ByIdArnAliasAndAliasArn_FindsTheSameKey()
    {
        var keyId = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", new JsonObject { ["AliasName"] = "alias/orders", ["TargetKeyId"] = keyId });

        foreach (var name in new[] { keyId, KeyArn(Account.AccountId, keyId), "alias/orders", $"arn:aws:kms:us-east-1:{Account.AccountId}:alias/orders" })
        {
            var metadata = (await Host.KmsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = name }))["KeyMetadata"]!;
            Assert.Equal(keyId, Text(metadata["KeyId"]));
        }
    }

    [Fact]
    public async Task ManagementOperations_DoNotTakeAnAlias()
    {
        var keyId = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", new JsonObject { ["AliasName"] = "alias/orders", ["TargetKeyId"] = keyId });

        var error = await Host.KmsFailsAsync(Root, "DisableKey", new JsonObject { ["KeyId"] = "alias/orders" });

        Assert.Equal("NotFoundException", error.Code);
        Assert.Equal("Invalid keyId alias/orders", error.Message);
    }

    [Fact]
    public async Task UpdateKeyDescription_ChangesTheDescription()
    {
        var keyId = await CreateKeyAsync();

        await Host.KmsAsync(Root, "UpdateKeyDescription", new JsonObject { ["KeyId"] = keyId, ["Description"] = "renamed" });

        Assert.Equal("renamed", Text((await Host.KmsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = keyId }))["KeyMetadata"]!["Description"]));
    }

    [Fact]
    public async Task Tags_AreAddedReplacedListedAndRemoved()
    {
        var keyId = Text((await Host.KmsAsync(Root, "CreateKey", new JsonObject
        {
            ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "team", ["TagValue"] = "a" }),
        }))["KeyMetadata"]!["KeyId"]);

        await Host.KmsAsync(Root, "TagResource", new JsonObject
        {
            ["KeyId"] = keyId,
            ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "team", ["TagValue"] = "b" }, new JsonObject { ["TagKey"] = "env", ["TagValue"] = "prod" }),
        });
        var listed = (await Host.KmsAsync(Root, "ListResourceTags", new JsonObject { ["KeyId"] = keyId }))["Tags"]!.AsArray();
        Assert.Equal(["env=prod", "team=b"], listed.Select(t => $"{Text(t!["TagKey"])}={Text(t["TagValue"])}"));

        await Host.KmsAsync(Root, "UntagResource", new JsonObject { ["KeyId"] = keyId, ["TagKeys"] = new JsonArray("env") });
        Assert.Single((await Host.KmsAsync(Root, "ListResourceTags", new JsonObject { ["KeyId"] = keyId }))["Tags"]!.AsArray());

        var reserved = await Host.KmsFailsAsync(Root, "TagResource", new JsonObject
        {
            ["KeyId"] = keyId,
            ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "aws:owner", ["TagValue"] = "x" }),
        });
        Assert.Equal("TagException", reserved.Code);
    }
}
