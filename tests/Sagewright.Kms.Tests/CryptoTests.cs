using System.Text.Json.Nodes;
using Sagewright.Core;

namespace Sagewright.Kms.Tests;

public sealed class CryptoTests : KmsTestBase
{
    [Fact]
    public async Task EncryptThenDecrypt_WithoutKeyId_FindsTheKeyInTheCiphertext()
    {
        var keyId = await CreateKeyAsync();
        var encrypted = await EncryptAsync(keyId, "hello", Context(("purpose", "test")));

        var decrypted = await Host.KmsAsync(Root, "Decrypt", DecryptInput(encrypted["CiphertextBlob"], Context(("purpose", "test"))));

        Assert.Equal(KeyArn(Account.AccountId, keyId), Text(encrypted["KeyId"]));
        Assert.Equal("SYMMETRIC_DEFAULT", Text(encrypted["EncryptionAlgorithm"]));
        Assert.Equal("hello", Utf8(decrypted["Plaintext"]));
        Assert.Equal(KeyArn(Account.AccountId, keyId), Text(decrypted["KeyId"]));
    }

    public static TheoryData<string, JsonObject?> WrongContexts() => new()
    {
        { "none", null },
        { "another value", Context(("purpose", "prod")) },
        { "an extra entry", Context(("purpose", "test"), ("x", "y")) },
    };

    [Theory]
    [MemberData(nameof(WrongContexts))]
    public async Task Decrypt_WithAnotherEncryptionContext_IsInvalidCiphertext(string difference, JsonObject? context)
    {
        var keyId = await CreateKeyAsync();
        var ciphertext = (await EncryptAsync(keyId, "hello", Context(("purpose", "test"))))["CiphertextBlob"];

        var error = await Host.KmsFailsAsync(Root, "Decrypt", DecryptInput(ciphertext, context));

        Assert.True(error.Code == "InvalidCiphertextException", $"{difference}: {error.Code}");
    }

    [Fact]
    public async Task Decrypt_OfATamperedCiphertext_IsInvalidCiphertext()
    {
        var keyId = await CreateKeyAsync();
        var blob = Convert.FromBase64String(Text((await EncryptAsync(keyId, "hello"))["CiphertextBlob"]));
        blob[^1] ^= 1;

        var error = await Host.KmsFailsAsync(Root, "Decrypt", new JsonObject { ["CiphertextBlob"] = Convert.ToBase64String(blob) });

        Assert.Equal("InvalidCiphertextException", error.Code);
        Assert.Equal("InvalidCiphertextException", (await Host.KmsFailsAsync(Root, "Decrypt", new JsonObject { ["CiphertextBlob"] = B64("not ours") })).Code);
    }

    [Fact]
    public async Task Decrypt_WithTheKeyIdOfAnotherKey_IsIncorrectKey_AndWithItsOwnIdOrAlias_Works()
    {
        var keyId = await CreateKeyAsync();
        var otherKeyId = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", new JsonObject { ["AliasName"] = "alias/mine", ["TargetKeyId"] = keyId });
        var ciphertext = (await EncryptAsync(keyId, "hello"))["CiphertextBlob"];

        var error = await Host.KmsFailsAsync(Root, "Decrypt", DecryptInput(ciphertext, keyId: otherKeyId));

        Assert.Equal("IncorrectKeyException", error.Code);
        Assert.Equal("hello", Utf8((await Host.KmsAsync(Root, "Decrypt", DecryptInput(ciphertext, keyId: KeyArn(Account.AccountId, keyId))))["Plaintext"]));
        Assert.Equal("hello", Utf8((await Host.KmsAsync(Root, "Decrypt", DecryptInput(ciphertext, keyId: "alias/mine")))["Plaintext"]));
    }

    [Fact]
    public async Task Decrypt_InAnotherRegion_IsDeniedAsAnUnknownKey()
    {
        var keyId = await CreateKeyAsync();
        var ciphertext = (await EncryptAsync(keyId, "hello"))["CiphertextBlob"];

        var error = await Host.KmsFailsAsync(Root, "Decrypt", DecryptInput(ciphertext), region: "eu-west-1");

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.StartsWith("The ciphertext refers to a customer master key that does not exist", error.Message);
    }

    [Fact]
    public async Task Keys_ArePerRegion()
    {
        var keyId = await CreateKeyAsync();

        var error = await Host.KmsFailsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = keyId }, region: "eu-west-1");

        Assert.Equal("NotFoundException", error.Code);
        Assert.Equal($"Key 'arn:aws:kms:eu-west-1:{Account.AccountId}:key/{keyId}' does not exist", error.Message);
        Assert.Empty((await Host.KmsAsync(Root, "ListKeys", region: "eu-west-1"))["Keys"]!.AsArray());
    }

    [Theory]
    [InlineData(4096, true)]
    [InlineData(4097, false)]
    public async Task Encrypt_TakesAtMost4096Bytes(int size, bool accepted)
    {
        var keyId = await CreateKeyAsync();
        var input = new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = Convert.ToBase64String(new byte[size]) };

        if (accepted)
        {
            var ciphertext = (await Host.KmsAsync(Root, "Encrypt", input))["CiphertextBlob"];
            Assert.Equal(size, Convert.FromBase64String(Text((await Host.KmsAsync(Root, "Decrypt", DecryptInput(ciphertext)))["Plaintext"])).Length);
        }
        else
        {
            Assert.Equal("ValidationException", (await Assert.ThrowsAsync<AwsServiceException>(() => Host.KmsAsync(Root, "Encrypt", input))).Code);
        }
    }

    [Theory]
    [InlineData("AES_256", null, 32)]
    [InlineData("AES_128", null, 16)]
    [InlineData(null, 64, 64)]
    public async Task GenerateDataKey_ReturnsAKeyItsCiphertextDecryptsTo(string? keySpec, int? numberOfBytes, int expectedLength)
    {
        var keyId = await CreateKeyAsync();
        var input = new JsonObject { ["KeyId"] = keyId, ["KeySpec"] = keySpec, ["NumberOfBytes"] = numberOfBytes, ["EncryptionContext"] = Context(("k", "v")) };

        var generated = await Host.KmsAsync(Root, "GenerateDataKey", input);

        var plaintext = Convert.FromBase64String(Text(generated["Plaintext"]));
        Assert.Equal(expectedLength, plaintext.Length);
        var decrypted = await Host.KmsAsync(Root, "Decrypt", DecryptInput(generated["CiphertextBlob"], Context(("k", "v"))));
        Assert.Equal(plaintext, Convert.FromBase64String(Text(decrypted["Plaintext"])));
    }

    [Fact]
    public async Task GenerateDataKey_NeedsExactlyOneOfKeySpecAndNumberOfBytes()
    {
        var keyId = await CreateKeyAsync();

        var neither = await Host.KmsFailsAsync(Root, "GenerateDataKey", new JsonObject { ["KeyId"] = keyId });
        var both = await Host.KmsFailsAsync(Root, "GenerateDataKey", new JsonObject { ["KeyId"] = keyId, ["KeySpec"] = "AES_256", ["NumberOfBytes"] = 32 });

        Assert.Equal("Please specify either number of bytes or key spec.", neither.Message);
        Assert.Equal("ValidationException", both.Code);
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_ReturnsOnlyTheCiphertext()
    {
        var keyId = await CreateKeyAsync();

        var generated = await Host.KmsAsync(Root, "GenerateDataKeyWithoutPlaintext", new JsonObject { ["KeyId"] = keyId, ["KeySpec"] = "AES_256" });

        Assert.Null(generated["Plaintext"]);
        var decrypted = await Host.KmsAsync(Root, "Decrypt", DecryptInput(generated["CiphertextBlob"]));
        Assert.Equal(32, Convert.FromBase64String(Text(decrypted["Plaintext"])).Length);
    }

    [Fact]
    public async Task ReEncrypt_MovesTheCiphertextToAnotherKeyAndContext()
    {
        var source = await CreateKeyAsync();
        var destination = await CreateKeyAsync();
        var ciphertext = (await EncryptAsync(source, "moving", Context(("from", "a"))))["CiphertextBlob"];

        var reencrypted = await Host.KmsAsync(Root, "ReEncrypt", new JsonObject
        {
            ["CiphertextBlob"] = Text(ciphertext),
            ["SourceEncryptionContext"] = Context(("from", "a")),
            ["DestinationKeyId"] = destination,
            ["DestinationEncryptionContext"] = Context(("to", "b")),
        });

        Assert.Equal(KeyArn(Account.AccountId, source), Text(reencrypted["SourceKeyId"]));
        Assert.Equal(KeyArn(Account.AccountId, destination), Text(reencrypted["KeyId"]));
        var decrypted = await Host.KmsAsync(Root, "Decrypt", DecryptInput(reencrypted["CiphertextBlob"], Context(("to", "b"))));
        Assert.Equal("moving", Utf8(decrypted["Plaintext"]));
        Assert.Equal(KeyArn(Account.AccountId, destination), Text(decrypted["KeyId"]));
    }

    [Fact]
    public async Task ReEncrypt_NeedsReEncryptToOnTheDestination()
    {
        var source = await CreateKeyAsync();
        var destination = await CreateKeyAsync();
        var user = await Host.NewUserAsync(Account, "mover", Allow("kms:ReEncryptFrom"));
        var ciphertext = (await EncryptAsync(source, "moving"))["CiphertextBlob"];

        var error = await Host.KmsFailsAsync(user, "ReEncrypt", new JsonObject { ["CiphertextBlob"] = Text(ciphertext), ["DestinationKeyId"] = destination });

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Contains("kms:ReEncryptTo", error.Message);
    }

    [Fact]
    public async Task DryRun_AnswersDryRunOperationOnceEveryCheckPasses()
    {
        var keyId = await CreateKeyAsync();

        var error = await Host.KmsFailsAsync(Root, "Encrypt", new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = B64("x"), ["DryRun"] = true });

        Assert.Equal("DryRunOperationException", error.Code);
    }

    [Fact]
    public async Task GenerateRandom_ReturnsTheRequestedNumberOfRandomBytes()
    {
        var first = await Host.KmsAsync(Root, "GenerateRandom", new JsonObject { ["NumberOfBytes"] = 32 });
        var second = await Host.KmsAsync(Root, "GenerateRandom", new JsonObject { ["NumberOfBytes"] = 32 });

        Assert.Equal(32, Convert.FromBase64String(Text(first["Plaintext"])).Length);
        Assert.NotEqual(Text(first["Plaintext"]), Text(second["Plaintext"]));
    }
}
