using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Contracts;

/// <summary>
/// What other services (S3's SSE-KMS, later SageMaker volumes) ask of KMS, in process. Implemented by the KMS
/// module; consumers depend only on this interface. It lives in Protocol rather than Core because each call is
/// authorized as the original caller (key policy + identity policy, with <c>kms:ViaService</c>), which needs the
/// request's <see cref="RequestContext"/>.
/// Failures throw AwsServiceException with KMS's codes (NotFoundException, DisabledException,
/// KMSInvalidStateException, InvalidCiphertextException, AccessDeniedException-style denials raised in the
/// calling service's protocol by the Authorizer).
/// </summary>
public interface IKmsDataKeys
{
    /// <summary>
    /// GenerateDataKey (AES_256) as the caller through <paramref name="viaService"/> (e.g. "s3.us-east-1.amazonaws.com").
    /// <paramref name="keyId"/> is a key id, key ARN, alias name ("alias/x") or alias ARN; null means the account's
    /// AWS managed key for the service (<paramref name="defaultAlias"/>, e.g. "alias/aws/s3"), created on first use.
    /// </summary>
    ValueTask<GeneratedDataKey> GenerateDataKeyAsync(RequestContext caller, string? keyId, string defaultAlias,
        IReadOnlyDictionary<string, string> encryptionContext, string viaService, CancellationToken cancellationToken);

    /// <summary>Decrypt as the caller: the key is the one named inside <paramref name="ciphertextBlob"/>; the context must match exactly.</summary>
    ValueTask<DecryptedDataKey> DecryptAsync(RequestContext caller, byte[] ciphertextBlob,
        IReadOnlyDictionary<string, string> encryptionContext, string viaService, CancellationToken cancellationToken);
}

/// <param name="KeyArn">The ARN of the KMS key that encrypted the data key.</param>
/// <param name="Plaintext">The 32-byte data key: use it, then clear it.</param>
/// <param name="CiphertextBlob">The data key encrypted under the KMS key; store it next to the data.</param>
public sealed record GeneratedDataKey(string KeyArn, byte[] Plaintext, byte[] CiphertextBlob);

public sealed record DecryptedDataKey(string KeyArn, byte[] Plaintext);
