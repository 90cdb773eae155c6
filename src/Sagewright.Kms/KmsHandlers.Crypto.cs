using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Kms;

/// <summary>Cryptographic operations: only keys in the Enabled state may be used.</summary>
internal sealed partial class KmsHandlers
{
    public ValueTask<OperationResult> Encrypt(OperationCall call)
    {
        var input = call.Input;
        var key = UsableKey(call, "EncryptionAlgorithm");
        return OperationResult.Completed(Secrets.Wiping(input.RequiredBlob("Plaintext", Errors), plaintext => new JsonObject
        {
            ["CiphertextBlob"] = Base64(keys.Encrypt(key, plaintext, input.EncryptionContext())),
            ["KeyId"] = key.Arn,
            ["EncryptionAlgorithm"] = KmsKeys.SymmetricDefault,
        }));
    }

    /// <summary>The key comes from inside the ciphertext (a KeyId given as well was checked against it while authorizing).</summary>
    public ValueTask<OperationResult> Decrypt(OperationCall call)
    {
        var input = call.Input;
        RejectRecipient(input);
        var key = UsableKey(call, "EncryptionAlgorithm");
        var plaintext = keys.Decrypt(key, input.RequiredBlob("CiphertextBlob", Errors), input.EncryptionContext());
        return OperationResult.Completed(new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["Plaintext"] = Base64(plaintext),
            ["EncryptionAlgorithm"] = KmsKeys.SymmetricDefault,
        });
    }

    public ValueTask<OperationResult> GenerateDataKey(OperationCall call) => GenerateDataKeyAsync(call, includePlaintext: true);

    public ValueTask<OperationResult> GenerateDataKeyWithoutPlaintext(OperationCall call) => GenerateDataKeyAsync(call, includePlaintext: false);

    private ValueTask<OperationResult> GenerateDataKeyAsync(OperationCall call, bool includePlaintext)
    {
        var input = call.Input;
        RejectRecipient(input);
        var length = DataKeyLength(input);
        var key = UsableKey(call, null);
        return OperationResult.Completed(Secrets.Wiping(RandomNumberGenerator.GetBytes(length), plaintext =>
        {
            var output = new JsonObject
            {
                ["CiphertextBlob"] = Base64(keys.Encrypt(key, plaintext, input.EncryptionContext())),
                ["KeyId"] = key.Arn,
            };
            if (includePlaintext)
            {
                output["Plaintext"] = Base64(plaintext);
            }
            return output;
        }));
    }

    /// <summary>
    /// Decrypts under the source key (authorized by the pipeline as kms:ReEncryptFrom) and encrypts under the
    /// destination key, which needs kms:ReEncryptTo; the plaintext never leaves the server.
    /// </summary>
    public async ValueTask<OperationResult> ReEncrypt(OperationCall call)
    {
        var input = call.Input;
        var destinationId = KeyIdentifier.Parse(input.Required("DestinationKeyId"), call.AccountId, call.Region, aliasAllowed: true, crossAccount: true, Errors);
        var destinationContext = input.EncryptionContext("DestinationEncryptionContext");
        var destination = await keys.AuthorizedForUseAsync(call.Context, "kms:ReEncryptTo", destinationId, destinationContext, null, call.Aborted);
        RequireSymmetric(input, "DestinationEncryptionAlgorithm");
        keys.RequireUsable(destination);
        var source = UsableKey(call, "SourceEncryptionAlgorithm");
        var sourcePlaintext = keys.Decrypt(source, input.RequiredBlob("CiphertextBlob", Errors), input.EncryptionContext("SourceEncryptionContext"));
        return Secrets.Wiping(sourcePlaintext, plaintext => new JsonObject
        {
            ["CiphertextBlob"] = Base64(keys.Encrypt(destination, plaintext, destinationContext)),
            ["SourceKeyId"] = source.Arn,
            ["KeyId"] = destination.Arn,
            ["SourceEncryptionAlgorithm"] = KmsKeys.SymmetricDefault,
            ["DestinationEncryptionAlgorithm"] = KmsKeys.SymmetricDefault,
        });
    }

    public ValueTask<OperationResult> GenerateRandom(OperationCall call)
    {
        var input = call.Input;
        RejectRecipient(input);
        if (input.Optional("CustomKeyStoreId") is not null)
        {
            throw Errors.Unsupported("Sagewright KMS has no custom key stores; CustomKeyStoreId is not supported.");
        }
        var length = input.OptionalInt32("NumberOfBytes") ?? throw Errors.Validation("NumberOfBytes is required.");
        return OperationResult.Completed(new JsonObject { ["Plaintext"] = Base64(RandomNumberGenerator.GetBytes(length)) });
    }

    /// <summary>
    /// The authorized key, once it is known to be usable: symmetric algorithm, Enabled state, and no DryRun (which
    /// answers DryRunOperationException once every check has passed).
    /// </summary>
    private KeyRecord UsableKey(OperationCall call, string? algorithmMember)
    {
        if (algorithmMember is not null)
        {
            RequireSymmetric(call.Input, algorithmMember);
        }
        var key = authorized.Of(call);
        keys.RequireUsable(key);
        return call.Input.Flag("DryRun") ? throw Errors.DryRun() : key;
    }

    private void RequireSymmetric(JsonObject input, string algorithmMember)
    {
        if (input.Optional(algorithmMember) is { } algorithm && algorithm != KmsKeys.SymmetricDefault)
        {
            throw Errors.InvalidKeyUsage($"The encryption algorithm {algorithm} is not compatible with the type of the specified KMS key.");
        }
    }

    private void RejectRecipient(JsonObject input)
    {
        if (input["Recipient"] is not null)
        {
            throw Errors.Unsupported("Sagewright KMS does not support Nitro Enclaves attestation (Recipient).");
        }
    }

    /// <summary>Exactly one of KeySpec (AES_256, AES_128) and NumberOfBytes.</summary>
    private int DataKeyLength(JsonObject input)
    {
        var keySpec = input.Optional("KeySpec");
        var numberOfBytes = input.OptionalInt32("NumberOfBytes");
        return (keySpec, numberOfBytes) switch
        {
            ("AES_256", null) => 32,
            ("AES_128", null) => 16,
            (null, { } bytes) => bytes,
            _ => throw Errors.Validation("Please specify either number of bytes or key spec."),
        };
    }
}
