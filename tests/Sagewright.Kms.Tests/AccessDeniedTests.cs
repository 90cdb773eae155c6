using System.Text.Json.Nodes;

namespace Sagewright.Kms.Tests;

/// <summary>Every KMS operation refuses a caller whose policies grant nothing, before it does anything.</summary>
public sealed class AccessDeniedTests : KmsTestBase
{
    private sealed record Fixture(string KeyId, string Ciphertext);

    /// <summary>A valid input for each operation, given a key (with alias alias/target) and a ciphertext under it.</summary>
    private static readonly Dictionary<string, Func<Fixture, JsonObject>> Inputs = new()
    {
        ["CreateKey"] = _ => [],
        ["ListKeys"] = _ => [],
        ["ListAliases"] = _ => [],
        ["GenerateRandom"] = _ => new() { ["NumberOfBytes"] = 16 },
        ["DescribeKey"] = f => new() { ["KeyId"] = f.KeyId },
        ["EnableKey"] = f => new() { ["KeyId"] = f.KeyId },
        ["DisableKey"] = f => new() { ["KeyId"] = f.KeyId },
        ["ScheduleKeyDeletion"] = f => new() { ["KeyId"] = f.KeyId },
        ["CancelKeyDeletion"] = f => new() { ["KeyId"] = f.KeyId },
        ["UpdateKeyDescription"] = f => new() { ["KeyId"] = f.KeyId, ["Description"] = "d" },
        ["GetKeyRotationStatus"] = f => new() { ["KeyId"] = f.KeyId },
        ["PutKeyPolicy"] = f => new() { ["KeyId"] = f.KeyId, ["Policy"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}""" },
        ["GetKeyPolicy"] = f => new() { ["KeyId"] = f.KeyId },
        ["ListKeyPolicies"] = f => new() { ["KeyId"] = f.KeyId },
        ["TagResource"] = f => new() { ["KeyId"] = f.KeyId, ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "k", ["TagValue"] = "v" }) },
        ["UntagResource"] = f => new() { ["KeyId"] = f.KeyId, ["TagKeys"] = new JsonArray("k") },
        ["ListResourceTags"] = f => new() { ["KeyId"] = f.KeyId },
        ["CreateAlias"] = f => new() { ["AliasName"] = "alias/new", ["TargetKeyId"] = f.KeyId },
        ["DeleteAlias"] = _ => new() { ["AliasName"] = "alias/target" },
        ["UpdateAlias"] = f => new() { ["AliasName"] = "alias/target", ["TargetKeyId"] = f.KeyId },
        ["Encrypt"] = f => new() { ["KeyId"] = f.KeyId, ["Plaintext"] = B64("x") },
        ["Decrypt"] = f => new() { ["CiphertextBlob"] = f.Ciphertext },
        ["ReEncrypt"] = f => new() { ["CiphertextBlob"] = f.Ciphertext, ["DestinationKeyId"] = f.KeyId },
        ["GenerateDataKey"] = f => new() { ["KeyId"] = f.KeyId, ["KeySpec"] = "AES_256" },
        ["GenerateDataKeyWithoutPlaintext"] = f => new() { ["KeyId"] = f.KeyId, ["KeySpec"] = "AES_256" },
    };

    public static TheoryData<string> Operations() => [.. Inputs.Keys];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_WithoutPermission_ThrowsAccessDenied(string operation)
    {
        var keyId = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", new JsonObject { ["AliasName"] = "alias/target", ["TargetKeyId"] = keyId });
        var fixture = new Fixture(keyId, Text((await EncryptAsync(keyId, "x"))["CiphertextBlob"]));
        var caller = await Host.NewUserAsync(Account, "nobody");

        var error = await Host.KmsFailsAsync(caller, operation, Inputs[operation](fixture));

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Contains($"is not authorized to perform: kms:", error.Message);
        Assert.Equal("Enabled", Text((await Host.KmsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = keyId }))["KeyMetadata"]!["KeyState"]));
    }

    [Fact]
    public void EveryRegisteredKmsOperation_HasAnAccessDeniedCase()
    {
        var registered = KmsTestHost.Catalog["kms"].Operations.Values
            .Where(o => Host.Registry.Find(o) is not null).Select(o => o.Name).Order().ToArray();

        Assert.Equal(Inputs.Keys.Order(), registered);
    }
}
