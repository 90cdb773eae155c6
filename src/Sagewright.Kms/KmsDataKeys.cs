using System.Security.Cryptography;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Kms;

/// <summary>
/// KMS for other services in this process (S3's SSE-KMS): the same keys, policies and ciphertext format as the
/// KMS API, authorized as the original caller with kms:ViaService set to the service the call came through.
/// A denial is raised in the calling service's protocol by the <see cref="Authorizer"/>.
/// </summary>
internal sealed class KmsDataKeys(KmsKeys keys) : IKmsDataKeys
{
    private const int DataKeyBytes = 32;

    public async ValueTask<GeneratedDataKey> GenerateDataKeyAsync(RequestContext caller, string? keyId, string defaultAlias,
        IReadOnlyDictionary<string, string> encryptionContext, string viaService, CancellationToken cancellationToken)
    {
        var id = keyId is null
            ? KeyIdentifier.Of(await keys.AwsManagedKeyAsync(caller.AccountId, caller.Region, defaultAlias, viaService, cancellationToken))
            : KeyIdentifier.Parse(keyId, caller.AccountId, caller.Region, aliasAllowed: true, crossAccount: true, keys.Errors);
        var key = await keys.AuthorizedForUseAsync(caller, "kms:GenerateDataKey", id, encryptionContext, viaService, cancellationToken);
        keys.RequireUsable(key);
        var plaintext = RandomNumberGenerator.GetBytes(DataKeyBytes);
        return new GeneratedDataKey(key.Arn, plaintext, keys.Encrypt(key, plaintext, encryptionContext));
    }

    public async ValueTask<DecryptedDataKey> DecryptAsync(RequestContext caller, byte[] ciphertextBlob,
        IReadOnlyDictionary<string, string> encryptionContext, string viaService, CancellationToken cancellationToken)
    {
        var named = await keys.KeyOfCiphertextAsync(ciphertextBlob, caller.AccountId, caller.Region, cancellationToken);
        var key = await keys.AuthorizedForUseAsync(caller, "kms:Decrypt", KeyIdentifier.Of(named), encryptionContext, viaService, cancellationToken);
        keys.RequireUsable(key);
        return new DecryptedDataKey(key.Arn, keys.Decrypt(key, ciphertextBlob, encryptionContext));
    }
}
