using System.Text.Json.Nodes;
using Sagewright.Core;

namespace Sagewright.Kms.Tests;

/// <summary>IKmsDataKeys: what S3's SSE-KMS asks of KMS, as the original caller, through the service.</summary>
public sealed class DataKeysTests : KmsTestBase
{
    private const string ViaS3 = "s3.us-east-1.amazonaws.com";
    private static readonly Dictionary<string, string> ObjectContext = new() { ["aws:s3:arn"] = "arn:aws:s3:::bucket/key" };

    private Protocol.Pipeline.RequestContext S3Request(CallerIdentity caller) => Host.Context(caller, "s3", "PutObject");

    [Fact]
    public async Task WithoutAKey_TheAccountsAwsManagedKeyIsCreatedOnceAndUsed()
    {
        var user = await Host.NewUserAsync(Account, "uploader");

        var first = await Host.DataKeys.GenerateDataKeyAsync(S3Request(user), null, "alias/aws/s3", ObjectContext, ViaS3, CancellationToken.None);
        var second = await Host.DataKeys.GenerateDataKeyAsync(S3Request(Root), null, "alias/aws/s3", ObjectContext, ViaS3, CancellationToken.None);

        Assert.Equal(first.KeyArn, second.KeyArn);
        Assert.Equal(32, first.Plaintext.Length);
        var decrypted = await Host.DataKeys.DecryptAsync(S3Request(user), first.CiphertextBlob, ObjectContext, ViaS3, CancellationToken.None);
        Assert.Equal(first.Plaintext, decrypted.Plaintext);
        Assert.Equal(first.KeyArn, decrypted.KeyArn);

        var metadata = (await Host.KmsAsync(Root, "DescribeKey", new JsonObject { ["KeyId"] = "alias/aws/s3" }))["KeyMetadata"]!;
        Assert.Equal("AWS", Text(metadata["KeyManager"]));
        Assert.Equal(first.KeyArn, Text(metadata["Arn"]));
        var alias = Assert.Single((await Host.KmsAsync(Root, "ListAliases"))["Aliases"]!.AsArray())!;
        Assert.Equal("alias/aws/s3", Text(alias["AliasName"]));
    }

    [Fact]
    public async Task TheAwsManagedKey_IsUsableOnlyThroughTheService_AndNotManageable()
    {
        var generated = await Host.DataKeys.GenerateDataKeyAsync(S3Request(Root), null, "alias/aws/s3", ObjectContext, ViaS3, CancellationToken.None);

        var direct = await Host.KmsFailsAsync(Root, "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Convert.ToBase64String(generated.CiphertextBlob),
            ["EncryptionContext"] = new JsonObject { ["aws:s3:arn"] = "arn:aws:s3:::bucket/key" },
        });
        Assert.Equal("AccessDeniedException", direct.Code);
        Assert.Equal("AccessDeniedException", (await Host.KmsFailsAsync(Root, "DisableKey", new JsonObject { ["KeyId"] = generated.KeyArn })).Code);
        var otherAccount = await Host.NewAccountAsync();
        await Assert.ThrowsAsync<AwsServiceException>(async () =>
            await Host.DataKeys.DecryptAsync(S3Request(otherAccount.Root), generated.CiphertextBlob, ObjectContext, ViaS3, CancellationToken.None));
    }

    [Fact]
    public async Task ACustomerKey_IsAuthorizedAsTheCaller_AndDenialsSpeakS3()
    {
        var keyId = await CreateKeyAsync();
        var allowed = await Host.NewUserAsync(Account, "allowed", Allow("kms:GenerateDataKey"));
        var denied = await Host.NewUserAsync(Account, "denied");

        var generated = await Host.DataKeys.GenerateDataKeyAsync(S3Request(allowed), keyId, "alias/aws/s3", ObjectContext, ViaS3, CancellationToken.None);
        var error = await Assert.ThrowsAsync<AwsServiceException>(async () =>
            await Host.DataKeys.GenerateDataKeyAsync(S3Request(denied), keyId, "alias/aws/s3", ObjectContext, ViaS3, CancellationToken.None));

        Assert.Equal(KeyArn(Account.AccountId, keyId), generated.KeyArn);
        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("kms:GenerateDataKey", error.Message);
    }

    [Fact]
    public async Task ViaServiceCondition_IsSetOnlyForCallsThroughTheService()
    {
        var keyId = await CreateKeyAsync();
        var user = await Host.NewUserAsync(Account, "s3-only", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"*",
              "Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}
            """);

        var generated = await Host.DataKeys.GenerateDataKeyAsync(S3Request(user), keyId, "alias/aws/s3", ObjectContext, ViaS3, CancellationToken.None);
        var direct = await Host.KmsFailsAsync(user, "Decrypt", new JsonObject
        {
            ["CiphertextBlob"] = Convert.ToBase64String(generated.CiphertextBlob),
            ["EncryptionContext"] = new JsonObject { ["aws:s3:arn"] = "arn:aws:s3:::bucket/key" },
        });

        Assert.Equal("AccessDeniedException", direct.Code);
        var decrypted = await Host.DataKeys.DecryptAsync(S3Request(user), generated.CiphertextBlob, ObjectContext, ViaS3, CancellationToken.None);
        Assert.Equal(generated.Plaintext, decrypted.Plaintext);
    }

    [Fact]
    public async Task Decrypt_WithAnotherObjectsContext_IsInvalidCiphertext_AndADisabledKeyIsDisabled()
    {
        var keyId = await CreateKeyAsync();
        var generated = await Host.DataKeys.GenerateDataKeyAsync(S3Request(Root), keyId, "alias/aws/s3", ObjectContext, ViaS3, CancellationToken.None);
        var otherObject = new Dictionary<string, string> { ["aws:s3:arn"] = "arn:aws:s3:::bucket/other" };

        var mismatch = await Assert.ThrowsAsync<AwsServiceException>(async () =>
            await Host.DataKeys.DecryptAsync(S3Request(Root), generated.CiphertextBlob, otherObject, ViaS3, CancellationToken.None));
        await Host.KmsAsync(Root, "DisableKey", new JsonObject { ["KeyId"] = keyId });
        var disabled = await Assert.ThrowsAsync<AwsServiceException>(async () =>
            await Host.DataKeys.DecryptAsync(S3Request(Root), generated.CiphertextBlob, ObjectContext, ViaS3, CancellationToken.None));

        Assert.Equal("InvalidCiphertextException", mismatch.Code);
        Assert.Equal("DisabledException", disabled.Code);
    }
}
