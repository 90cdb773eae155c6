using System.Text.Json.Nodes;
using Sagewright.Core;

namespace Sagewright.Kms.Tests;

/// <summary>
/// Who may use a key: the key policy must allow, naming the account delegates to IAM, another account needs both
/// the key policy and its own IAM policy, and an explicit deny anywhere wins.
/// </summary>
public sealed class KeyPolicyAuthorizationTests : KmsTestBase
{
    public enum Caller { SameAccountUser, OtherAccountUser }

    /// <summary>Placeholders: ROOT (owner account root), USER (the caller's ARN), OTHER_ROOT (the caller's account root when elsewhere).</summary>
    public static TheoryData<string, Caller, string, string?, bool> Cases() => new()
    {
        { "default policy delegates to IAM, IAM allows", Caller.SameAccountUser, "default", Allow("kms:Encrypt"), true },
        { "default policy delegates to IAM, IAM silent", Caller.SameAccountUser, "default", null, false },
        { "key policy names the user, no IAM policy", Caller.SameAccountUser, """[["Allow","USER","kms:Encrypt"]]""", null, true },
        { "key policy without root delegation, IAM allows", Caller.SameAccountUser, """[["Allow","arn:aws:iam::ACCT:user/someone-else","kms:*"]]""", Allow("kms:*"), false },
        { "key policy denies the user, IAM allows", Caller.SameAccountUser, """[["Allow","ROOT","kms:*"],["Deny","USER","kms:Encrypt"]]""", Allow("kms:Encrypt"), false },
        { "IAM denies, key policy names the user", Caller.SameAccountUser, """[["Allow","USER","kms:*"]]""", Deny("kms:Encrypt"), false },
        { "key policy allows another action only", Caller.SameAccountUser, """[["Allow","USER","kms:Decrypt"]]""", Allow("kms:*"), false },
        { "IAM allows the key ARN only", Caller.SameAccountUser, "default", Allow("kms:Encrypt", "KEY_ARN"), true },
        { "IAM allows another key only", Caller.SameAccountUser, "default", Allow("kms:Encrypt", "arn:aws:kms:us-east-1:ACCT:key/00000000-0000-0000-0000-000000000000"), false },
        { "cross-account: key policy grants the account, IAM allows", Caller.OtherAccountUser, """[["Allow","ROOT","kms:*"],["Allow","OTHER_ROOT","kms:Encrypt"]]""", Allow("kms:Encrypt"), true },
        { "cross-account: key policy grants the account, IAM silent", Caller.OtherAccountUser, """[["Allow","ROOT","kms:*"],["Allow","OTHER_ROOT","kms:Encrypt"]]""", null, false },
        { "cross-account: key policy grants the user, IAM silent", Caller.OtherAccountUser, """[["Allow","ROOT","kms:*"],["Allow","USER","kms:Encrypt"]]""", null, false },
        { "cross-account: key policy grants the user, IAM allows", Caller.OtherAccountUser, """[["Allow","ROOT","kms:*"],["Allow","USER","kms:Encrypt"]]""", Allow("kms:Encrypt"), true },
        { "cross-account: key policy silent, IAM allows", Caller.OtherAccountUser, "default", Allow("kms:*"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Encrypt_IsAllowedOnlyWhenBothPoliciesAgree(string description, Caller callerKind, string keyPolicy, string? iamPolicy, bool allowed)
    {
        var callerAccount = callerKind == Caller.SameAccountUser ? Account : await Host.NewAccountAsync();
        var userName = "user-" + Guid.NewGuid().ToString("N")[..8];
        var userArn = $"arn:aws:iam::{callerAccount.AccountId}:user/{userName}";
        string Fill(string text, string keyArn = "") => text.Replace("OTHER_ROOT", callerAccount.Root.Arn).Replace("ROOT", Root.Arn)
            .Replace("USER", userArn).Replace("KEY_ARN", keyArn).Replace("ACCT", Account.AccountId);

        var policy = keyPolicy == "default" ? null : KeyPolicy(JsonNode.Parse(Fill(keyPolicy))!.AsArray()
            .Select(s => (Text(s![0]), Text(s[1]), Text(s[2]))).ToArray());
        var keyId = await CreateKeyAsync(policy: policy, bypassLockoutCheck: true);
        var keyArn = KeyArn(Account.AccountId, keyId);
        var user = await Host.NewUserAsync(callerAccount, userName, iamPolicy is null ? null : Fill(iamPolicy, keyArn));

        var input = new JsonObject { ["KeyId"] = keyArn, ["Plaintext"] = B64("x") };
        if (allowed)
        {
            var output = await Host.KmsAsync(user, "Encrypt", input);
            Assert.True(Text(output["KeyId"]) == keyArn, description);
        }
        else
        {
            var error = await Host.KmsFailsAsync(user, "Encrypt", input);
            Assert.True(error.Code == "AccessDeniedException", $"{description}: {error.Code} {error.Message}");
            Assert.StartsWith($"User: {userArn} is not authorized to perform: kms:Encrypt on resource: {keyArn}", error.Message);
        }
    }

    private static string Deny(string action) => Allow(action).Replace("Allow", "Deny");

    [Fact]
    public async Task EncryptionContextCondition_AllowsOnlyTheMatchingContext()
    {
        var user = await Host.NewUserAsync(Account, "ctx", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*",
              "Condition":{"StringEquals":{"kms:EncryptionContext:project":"apollo"}}}]}
            """);
        var keyId = await CreateKeyAsync();

        var ciphertext = (await EncryptAsync(keyId, "moon", Context(("project", "apollo")), user))["CiphertextBlob"];
        Assert.Equal("moon", Utf8((await Host.KmsAsync(user, "Decrypt", DecryptInput(ciphertext, Context(("project", "apollo")))))["Plaintext"]));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => EncryptAsync(keyId, "moon", Context(("project", "gemini")), user));
        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Equal("AccessDeniedException", (await Assert.ThrowsAsync<AwsServiceException>(() => EncryptAsync(keyId, "moon", null, user))).Code);
    }

    [Fact]
    public async Task CallerAccountCondition_InTheKeyPolicy_IsTheCallersAccount()
    {
        var policy = $$$$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":"{{{{Root.Arn}}}}"},"Action":"kms:*","Resource":"*"},
              {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Encrypt","Resource":"*",
               "Condition":{"StringEquals":{"kms:CallerAccount":"{{{{Account.AccountId}}}}"}}}]}
            """;
        var keyId = await CreateKeyAsync(policy: policy);
        var sameAccount = await Host.NewUserAsync(Account, "inside");
        var other = await Host.NewUserAsync(await Host.NewAccountAsync(), "outside", Allow("kms:*"));

        await EncryptAsync(keyId, "ok", null, sameAccount);
        var error = await Host.KmsFailsAsync(other, "Encrypt", new JsonObject { ["KeyId"] = KeyArn(Account.AccountId, keyId), ["Plaintext"] = B64("no") });
        Assert.Equal("AccessDeniedException", error.Code);
    }

    [Fact]
    public async Task RequestAliasCondition_AndIamOnTheKeyArn_ApplyWhenTheKeyIsNamedByAlias()
    {
        var keyId = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", new JsonObject { ["AliasName"] = "alias/app", ["TargetKeyId"] = keyId });
        var user = await Host.NewUserAsync(Account, "aliased", $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"{{{{KeyArn(Account.AccountId, keyId)}}}}",
              "Condition":{"StringEquals":{"kms:RequestAlias":"alias/app"}}}]}
            """);

        Assert.Equal(KeyArn(Account.AccountId, keyId), Text((await EncryptAsync("alias/app", "x", null, user))["KeyId"]));
        Assert.Equal("AccessDeniedException", (await Assert.ThrowsAsync<AwsServiceException>(() => EncryptAsync(keyId, "x", null, user))).Code);
    }

    [Fact]
    public async Task OtherAccountsKey_ByKeyIdOrForManagement_IsNotFound_AndMissingOneIsDenied()
    {
        var owner = await Host.NewAccountAsync();
        var policy = KeyPolicy(("Allow", owner.Root.Arn, "kms:*"), ("Allow", Root.Arn, "kms:*"));
        var keyId = await CreateKeyAsync(owner.Root, policy);

        // A bare key id names a key of the caller's own account.
        Assert.Equal("NotFoundException", (await Host.KmsFailsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = keyId })).Code);
        // Management operations never reach another account's key, whatever its policy says.
        var disable = await Host.KmsFailsAsync(Root, "DisableKey", new JsonObject { ["KeyId"] = KeyArn(owner.AccountId, keyId) });
        Assert.Equal("NotFoundException", disable.Code);
        // Use by ARN works when both policies agree (root's identity allows everything).
        await EncryptAsync(KeyArn(owner.AccountId, keyId), "x");
        // A missing key in another account is denied rather than reported missing.
        var missing = KeyArn(owner.AccountId, Guid.NewGuid().ToString());
        Assert.Equal("AccessDeniedException", (await Host.KmsFailsAsync(Root, "Encrypt", new JsonObject { ["KeyId"] = missing, ["Plaintext"] = B64("x") })).Code);
    }

    [Fact]
    public async Task RequestTagCondition_OnCreateKey_SeesTheTagsOfTheRequest()
    {
        var user = await Host.NewUserAsync(Account, "tagger", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateKey","Resource":"*",
              "Condition":{"StringEquals":{"aws:RequestTag/team":"payments"}}}]}
            """);
        JsonObject Tagged(string team) => new() { ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "team", ["TagValue"] = team }) };

        await Host.KmsAsync(user, "CreateKey", Tagged("payments"));

        Assert.Equal("AccessDeniedException", (await Host.KmsFailsAsync(user, "CreateKey", Tagged("search"))).Code);
        Assert.Equal("AccessDeniedException", (await Host.KmsFailsAsync(user, "CreateKey", [])).Code);
    }

    [Fact]
    public async Task PendingWindowCondition_CanEnforceAMinimumWaitingPeriod()
    {
        var keyId = await CreateKeyAsync();
        var user = await Host.NewUserAsync(Account, "deleter", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:ScheduleKeyDeletion","Resource":"*",
              "Condition":{"NumericGreaterThanEquals":{"kms:ScheduleKeyDeletionPendingWindowInDays":"14"}}}]}
            """);

        var tooSoon = await Host.KmsFailsAsync(user, "ScheduleKeyDeletion", new JsonObject { ["KeyId"] = keyId, ["PendingWindowInDays"] = 7 });
        var scheduled = await Host.KmsAsync(user, "ScheduleKeyDeletion", new JsonObject { ["KeyId"] = keyId, ["PendingWindowInDays"] = 20 });

        Assert.Equal("AccessDeniedException", tooSoon.Code);
        Assert.Equal("PendingDeletion", Text(scheduled["KeyState"]));
    }
}
