using System.Text.Json.Nodes;

namespace Sagewright.Kms.Tests;

/// <summary>Enabled, Disabled, PendingDeletion: what each state allows, with AWS's errors.</summary>
public sealed class KeyStateTests : KmsTestBase
{
    private Task<JsonObject> Describe(string keyId) => Host.KmsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = keyId });

    private static JsonObject Key(string keyId) => new() { ["KeyId"] = keyId };

    [Fact]
    public async Task DisableKey_StopsEncryptAndDecrypt_AndEnableKeyRestoresThem()
    {
        var keyId = await CreateKeyAsync();
        var ciphertext = (await EncryptAsync(keyId, "data"))["CiphertextBlob"];

        await Host.KmsAsync(Root, "DisableKey", Key(keyId));

        var metadata = (await Describe(keyId))["KeyMetadata"]!;
        Assert.Equal("Disabled", Text(metadata["KeyState"]));
        Assert.False(metadata["Enabled"]!.GetValue<bool>());
        var encrypt = await Assert.ThrowsAsync<Core.AwsServiceException>(() => EncryptAsync(keyId, "data"));
        Assert.Equal("DisabledException", encrypt.Code);
        Assert.Equal($"{KeyArn(Account.AccountId, keyId)} is disabled.", encrypt.Message);
        Assert.Equal("DisabledException", (await Host.KmsFailsAsync(Root, "Decrypt", DecryptInput(ciphertext))).Code);
        Assert.Equal("DisabledException", (await Host.KmsFailsAsync(Root, "GenerateDataKey", new JsonObject { ["KeyId"] = keyId, ["KeySpec"] = "AES_256" })).Code);

        await Host.KmsAsync(Root, "EnableKey", Key(keyId));

        Assert.Equal("data", Utf8((await Host.KmsAsync(Root, "Decrypt", DecryptInput(ciphertext)))["Plaintext"]));
    }

    [Fact]
    public async Task ScheduleKeyDeletion_MarksThePendingDeletionWindow_AndForbidsUse()
    {
        var keyId = await CreateKeyAsync();
        var ciphertext = (await EncryptAsync(keyId, "data"))["CiphertextBlob"];

        var scheduled = await Host.KmsAsync(Root, "ScheduleKeyDeletion", new JsonObject { ["KeyId"] = keyId, ["PendingWindowInDays"] = 7 });

        var arn = KeyArn(Account.AccountId, keyId);
        Assert.Equal(arn, Text(scheduled["KeyId"]));
        Assert.Equal("PendingDeletion", Text(scheduled["KeyState"]));
        Assert.Equal(7, scheduled["PendingWindowInDays"]!.GetValue<int>());
        Assert.Equal(Host.Time.Now.AddDays(7), scheduled["DeletionDate"]!.GetValue<DateTimeOffset>());
        var metadata = (await Describe(keyId))["KeyMetadata"]!;
        Assert.Equal("PendingDeletion", Text(metadata["KeyState"]));
        Assert.Equal(Host.Time.Now.AddDays(7), metadata["DeletionDate"]!.GetValue<DateTimeOffset>());
        foreach (var failure in new[]
        {
            await Assert.ThrowsAsync<Core.AwsServiceException>(() => EncryptAsync(keyId, "data")),
            await Host.KmsFailsAsync(Root, "Decrypt", DecryptInput(ciphertext)),
            await Host.KmsFailsAsync(Root, "EnableKey", Key(keyId)),
            await Host.KmsFailsAsync(Root, "ScheduleKeyDeletion", Key(keyId)),
        })
        {
            Assert.Equal("KMSInvalidStateException", failure.Code);
            Assert.Equal($"{arn} is pending deletion.", failure.Message);
        }
    }

    [Fact]
    public async Task CancelKeyDeletion_LeavesTheKeyDisabled()
    {
        var keyId = await CreateKeyAsync();
        await Host.KmsAsync(Root, "ScheduleKeyDeletion", Key(keyId));

        var cancelled = await Host.KmsAsync(Root, "CancelKeyDeletion", Key(keyId));

        Assert.Equal(KeyArn(Account.AccountId, keyId), Text(cancelled["KeyId"]));
        var metadata = (await Describe(keyId))["KeyMetadata"]!;
        Assert.Equal("Disabled", Text(metadata["KeyState"]));
        Assert.Null(metadata["DeletionDate"]);
        var again = await Host.KmsFailsAsync(Root, "CancelKeyDeletion", Key(keyId));
        Assert.Equal("KMSInvalidStateException", again.Code);
        Assert.EndsWith("is not pending deletion.", again.Message);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(31)]
    public async Task ScheduleKeyDeletion_OutsideSevenToThirtyDays_IsAValidationError(int days)
    {
        var keyId = await CreateKeyAsync();

        var error = await Host.KmsFailsAsync(Root, "ScheduleKeyDeletion", new JsonObject { ["KeyId"] = keyId, ["PendingWindowInDays"] = days });

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal($"PendingWindowInDays should be between 7 and 30, but it is {days}", error.Message);
        Assert.Equal("Enabled", Text((await Describe(keyId))["KeyMetadata"]!["KeyState"]));
    }

    [Fact]
    public async Task ScheduleKeyDeletion_DefaultsToThirtyDays()
    {
        var keyId = await CreateKeyAsync();

        var scheduled = await Host.KmsAsync(Root, "ScheduleKeyDeletion", Key(keyId));

        Assert.Equal(30, scheduled["PendingWindowInDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task AfterTheDeletionDate_TheKeyAndItsAliasAreGone_AndTheSweeperRemovesTheRows()
    {
        // Years before every other test's clock, so this sweep cannot touch their keys on a shared database.
        Host.Time.Now = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var keyId = await CreateKeyAsync();
        var survivor = await CreateKeyAsync();
        await Host.KmsAsync(Root, "CreateAlias", new JsonObject { ["AliasName"] = "alias/doomed", ["TargetKeyId"] = keyId });
        await Host.KmsAsync(Root, "ScheduleKeyDeletion", new JsonObject { ["KeyId"] = keyId, ["PendingWindowInDays"] = 7 });
        Host.Time.Now = Host.Time.Now.AddDays(7).AddSeconds(1);

        var describe = await Host.KmsFailsAsync(Root, "DescribeKey", Key(keyId));
        Assert.Equal("NotFoundException", describe.Code);
        Assert.Equal($"Key '{KeyArn(Account.AccountId, keyId)}' does not exist", describe.Message);
        var keys = (await Host.KmsAsync(Root, "ListKeys"))["Keys"]!.AsArray().Select(k => Text(k!["KeyId"])).ToArray();
        Assert.Equal([survivor], keys);
        Assert.Empty((await Host.KmsAsync(Root, "ListAliases"))["Aliases"]!.AsArray());

        var sweeper = new KeyDeletionSweeper(Host.Database, new KmsOptions(), Host.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<KeyDeletionSweeper>.Instance);
        Assert.True(await sweeper.SweepOnceAsync(CancellationToken.None) >= 1);

        // The alias name is free again once its key is gone.
        await Host.KmsAsync(Root, "CreateAlias", new JsonObject { ["AliasName"] = "alias/doomed", ["TargetKeyId"] = survivor });
        Assert.Equal(0, await sweeper.SweepOnceAsync(CancellationToken.None));
        Assert.Equal(survivor, Text((await Host.KmsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = "alias/doomed" }))["KeyMetadata"]!["KeyId"]));
    }

    [Fact]
    public async Task DisabledKey_CanStillBeDescribedTaggedAndGivenAPolicy()
    {
        var keyId = await CreateKeyAsync();
        await Host.KmsAsync(Root, "DisableKey", Key(keyId));

        await Host.KmsAsync(Root, "TagResource", new JsonObject
        {
            ["KeyId"] = keyId,
            ["Tags"] = new JsonArray(new JsonObject { ["TagKey"] = "team", ["TagValue"] = "kms" }),
        });
        await Host.KmsAsync(Root, "PutKeyPolicy", new JsonObject { ["KeyId"] = keyId, ["Policy"] = KeyPolicies.Default(Account.AccountId) });
        await Host.KmsAsync(Root, "DisableKey", Key(keyId));

        Assert.Equal("Disabled", Text((await Describe(keyId))["KeyMetadata"]!["KeyState"]));
    }
}
