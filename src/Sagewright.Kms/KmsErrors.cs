using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.Kms;

/// <summary>
/// KMS's errors with AWS's wording; code, HTTP status and fault come from the model's error shapes, so only the
/// message is written here.
/// </summary>
internal sealed class KmsErrors(ServiceCatalog catalog)
{
    private readonly ServiceModel _kms = catalog["kms"];

    private AwsServiceException Create(string code, string message) => _kms.Error(code, message);

    public AwsServiceException Validation(string message) => AwsServiceException.Validation(message, _kms.ValidationErrorCode);

    public AwsServiceException KeyNotFound(string keyArn) => Create("NotFoundException", $"Key '{keyArn}' does not exist");
    public AwsServiceException AliasNotFound(string aliasArn) => Create("NotFoundException", $"Alias {aliasArn} is not found.");
    public AwsServiceException InvalidKeyId(string keyId) => Create("NotFoundException", $"Invalid keyId {keyId}");
    public AwsServiceException NoSuchPolicy() => Create("NotFoundException", "No such policy exists");
    public AwsServiceException Disabled(string keyArn) => Create("DisabledException", $"{keyArn} is disabled.");
    public AwsServiceException PendingDeletion(string keyArn) => Create("KMSInvalidStateException", $"{keyArn} is pending deletion.");
    public AwsServiceException NotPendingDeletion(string keyArn) => Create("KMSInvalidStateException", $"{keyArn} is not pending deletion.");
    public AwsServiceException AliasExists(string aliasArn) => Create("AlreadyExistsException", $"An alias with the name {aliasArn} already exists");
    public AwsServiceException InvalidAliasName(string message) => Create("InvalidAliasNameException", message);
    public AwsServiceException MalformedPolicy(string message) => Create("MalformedPolicyDocumentException", message);
    public AwsServiceException InvalidMarker() => Create("InvalidMarkerException", "The marker is not valid.");
    public AwsServiceException Tag(string message) => Create("TagException", message);
    public AwsServiceException InvalidKeyUsage(string message) => Create("InvalidKeyUsageException", message);
    public AwsServiceException Unsupported(string message) => Create("UnsupportedOperationException", message);
    public AwsServiceException DryRun() => Create("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");

    /// <summary>AWS gives no message: a ciphertext that does not authenticate says nothing about why.</summary>
    public AwsServiceException InvalidCiphertext() => Create("InvalidCiphertextException", "");

    public AwsServiceException IncorrectKey() =>
        Create("IncorrectKeyException", "The key ID in the request does not identify a KMS key that can perform this operation.");

    /// <summary>What AWS answers Decrypt when the key named in the ciphertext cannot be used, whether or not it exists.</summary>
    public static AwsServiceException CiphertextKeyUnavailable() => new("AccessDeniedException",
        "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.", 400);
}
