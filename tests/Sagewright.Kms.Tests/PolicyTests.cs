using System.Text.Json.Nodes;

namespace Sagewright.Kms.Tests;

public sealed class PolicyTests : KmsTestBase
{
    [Fact]
    public async Task PutKeyPolicy_ThenGetKeyPolicy_ReturnsItAsGiven()
    {
        var keyId = await CreateKeyAsync();
        var policy = KeyPolicy(("Allow", Root.Arn, "kms:*"), ("Allow", "arn:aws:iam::111122223333:root", "kms:Decrypt"));

        await Host.KmsAsync(Root, "PutKeyPolicy", new JsonObject { ["KeyId"] = keyId, ["PolicyName"] = "default", ["Policy"] = policy });

        Assert.Equal(policy, Text((await Host.KmsAsync(Root, "GetKeyPolicy", new JsonObject { ["KeyId"] = keyId, ["PolicyName"] = "default" }))["Policy"]));
        var names = await Host.KmsAsync(Root, "ListKeyPolicies", new JsonObject { ["KeyId"] = keyId });
        Assert.Equal(["default"], names["PolicyNames"]!.AsArray().Select(Text));
    }

    public static TheoryData<string, string> MalformedPolicies() => new()
    {
        { "{not json", "" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}""", "Principal" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"kms:*","Resource":"*"}]}""", "alice" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Principal":"*","Action":"kms:*","Resource":"*"}]}""", "" },
    };

    [Theory]
    [MemberData(nameof(MalformedPolicies))]
    public async Task PutKeyPolicy_Malformed_IsRejectedWithTheReason(string policy, string mentioned)
    {
        var keyId = await CreateKeyAsync();

        var error = await Host.KmsFailsAsync(Root, "PutKeyPolicy", new JsonObject { ["KeyId"] = keyId, ["Policy"] = policy });

        Assert.Equal("MalformedPolicyDocumentException", error.Code);
        Assert.NotEmpty(error.Message);
        Assert.Contains(mentioned, error.Message);
        var stored = Text((await Host.KmsAsync(Root, "GetKeyPolicy", new JsonObject { ["KeyId"] = keyId }))["Policy"]);
        Assert.Equal(KeyPolicies.Default(Account.AccountId), stored);
    }

    [Fact]
    public async Task APolicyThatLocksTheCallerOut_IsRefusedUnlessTheCheckIsBypassed()
    {
        var keyId = await CreateKeyAsync();
        var lockout = KeyPolicy(("Allow", "arn:aws:iam::111122223333:root", "kms:*"));

        var error = await Host.KmsFailsAsync(Root, "PutKeyPolicy", new JsonObject { ["KeyId"] = keyId, ["Policy"] = lockout });
        Assert.Equal("MalformedPolicyDocumentException", error.Code);
        Assert.Equal("The new key policy will not allow you to update the key policy in the future.", error.Message);
        Assert.Equal("MalformedPolicyDocumentException", (await Host.KmsFailsAsync(Root, "CreateKey", new JsonObject { ["Policy"] = lockout })).Code);

        await Host.KmsAsync(Root, "PutKeyPolicy", new JsonObject { ["KeyId"] = keyId, ["Policy"] = lockout, ["BypassPolicyLockoutSafetyCheck"] = true });

        // Locked out indeed: not even the account's root may read or change the policy now.
        Assert.Equal("AccessDeniedException", (await Host.KmsFailsAsync(Root, "GetKeyPolicy", new JsonObject { ["KeyId"] = keyId })).Code);
    }

    [Fact]
    public async Task PolicyName_OtherThanDefault_IsNotFound()
    {
        var keyId = await CreateKeyAsync();

        var error = await Host.KmsFailsAsync(Root, "GetKeyPolicy", new JsonObject { ["KeyId"] = keyId, ["PolicyName"] = "other" });

        Assert.Equal("NotFoundException", error.Code);
    }
}
