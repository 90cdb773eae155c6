using System.Security.Cryptography;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Kms;

/// <summary>
/// Finding keys (by id, ARN or alias), making new ones, and using their material; shared by the KMS operations and
/// by <see cref="KmsDataKeys"/>. Material is opened from its sealed form only for the one operation that needs it.
/// </summary>
internal sealed class KmsKeys(IDatabase database, MasterKeySource masterKey, Authorizer authorizer, KmsErrors errors, TimeProvider time)
{
    public const string SymmetricDefault = "SYMMETRIC_DEFAULT";
    public const string EncryptDecrypt = "ENCRYPT_DECRYPT";
    public const string AwsKmsOrigin = "AWS_KMS";
    private const int MaterialBytes = 32;

    public KmsErrors Errors => errors;

    public IDatabase Database => database;

    /// <summary>The key an identifier names (following an alias), or null when there is none.</summary>
    public Task<KeyRecord?> FindAsync(KeyIdentifier id, CancellationToken cancellationToken) =>
        database.ReadAsync(db => FindAsync(db, id, time.GetUtcNow()), cancellationToken);

    public static async Task<KeyRecord?> FindAsync(DbSession db, KeyIdentifier id, DateTimeOffset now)
    {
        var keyId = id.Name;
        if (id.IsAlias)
        {
            if (await KmsStore.FindAliasAsync(db, id.AccountId, id.Region, id.Name, now) is not { } alias)
            {
                return null;
            }
            keyId = alias.TargetKeyId;
        }
        return await KmsStore.FindKeyAsync(db, id.AccountId, id.Region, keyId, now);
    }

    /// <summary>
    /// The key a caller wants to use. A missing key of the caller's own account is NotFoundException; one of another
    /// account is null, to be denied like a key whose policy does not trust the caller (<see cref="KeyPolicies.For(KeyRecord?, KeyIdentifier)"/>).
    /// </summary>
    public async Task<KeyRecord?> FindForUseAsync(KeyIdentifier id, string callerAccount, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) ?? (id.AccountId == callerAccount ? throw NotFound(id) : null);

    /// <summary>
    /// Finds the key <paramref name="id"/> names and authorizes <paramref name="action"/> on it as
    /// <paramref name="caller"/>, for uses that do not go through the pipeline's access declarations (ReEncrypt's
    /// destination, other services' data keys).
    /// </summary>
    public async Task<KeyRecord> AuthorizedForUseAsync(RequestContext caller, string action, KeyIdentifier id,
        IReadOnlyDictionary<string, string> encryptionContext, string? viaService, CancellationToken cancellationToken)
    {
        var key = await FindForUseAsync(id, caller.AccountId, cancellationToken);
        await authorizer.AuthorizeAsync(caller, action, key?.Arn ?? id.Arn, KeyPolicies.For(key, id),
            KmsConditionKeys.For(caller.AccountId, encryptionContext, id.IsAlias ? id.Name : null, viaService));
        return key ?? throw new InvalidOperationException($"{action} on the missing key {id.Arn} passed authorization.");
    }

    /// <summary>NotFoundException with AWS's wording for what <paramref name="id"/> names.</summary>
    public AwsServiceException NotFound(KeyIdentifier id) => id.IsAlias ? errors.AliasNotFound(id.Arn) : errors.KeyNotFound(id.Arn);

    /// <summary>A new enabled key with fresh material sealed by the master key.</summary>
    public KeyRecord NewKey(string accountId, string region, string description, string policy, string keyManager)
    {
        var keyId = Guid.NewGuid().ToString();
        var master = masterKey.Key;
        var sealedMaterial = Secrets.Wiping(RandomNumberGenerator.GetBytes(MaterialBytes), material => master.Seal(material, KmsArns.Key(accountId, region, keyId)));
        return new KeyRecord(accountId, region, keyId, description, SymmetricDefault, EncryptDecrypt, AwsKmsOrigin, keyManager,
            KeyState.Enabled, time.GetUtcNow(), null, policy, sealedMaterial, master.Id);
    }

    /// <summary>Throws the error AWS gives for using a key in a state that forbids cryptographic operations.</summary>
    public void RequireUsable(KeyRecord key)
    {
        switch (key.State)
        {
            case KeyState.Disabled:
                throw errors.Disabled(key.Arn);
            case KeyState.PendingDeletion:
                throw errors.PendingDeletion(key.Arn);
        }
    }

    public byte[] Encrypt(KeyRecord key, byte[] plaintext, IReadOnlyDictionary<string, string> context) =>
        Secrets.Wiping(OpenMaterial(key), material => CiphertextBlob.Seal(material, key.Arn, plaintext, context));

    /// <summary>Decrypts a blob <paramref name="key"/> encrypted; InvalidCiphertextException when it does not authenticate.</summary>
    public byte[] Decrypt(KeyRecord key, byte[] blob, IReadOnlyDictionary<string, string> context) =>
        Secrets.Wiping(OpenMaterial(key), material =>
            CiphertextBlob.TryOpen(material, blob, context, out var plaintext) ? plaintext : throw errors.InvalidCiphertext());

    /// <summary>
    /// The key a ciphertext names. A blob this server did not write is InvalidCiphertextException; a key that is
    /// missing or in another region is answered as AWS does, without saying which.
    /// </summary>
    public async Task<KeyRecord> KeyOfCiphertextAsync(ReadOnlyMemory<byte> blob, string callerAccount, string region, CancellationToken cancellationToken)
    {
        if (CiphertextBlob.KeyArnOf(blob.Span) is not { } keyArn
            || !Arn.TryParse(keyArn, out var arn) || arn.Service != "kms" || !arn.Resource.StartsWith("key/", StringComparison.Ordinal))
        {
            throw errors.InvalidCiphertext();
        }
        if (arn.Region != region)
        {
            throw KmsErrors.CiphertextKeyUnavailable();
        }
        var id = new KeyIdentifier(arn.AccountId, arn.Region, arn.Resource[4..], IsAlias: false);
        return await FindAsync(id, cancellationToken) ?? throw KmsErrors.CiphertextKeyUnavailable();
    }

    /// <summary>
    /// The account's AWS managed key for a service (<paramref name="aliasName"/> such as alias/aws/s3), created with
    /// AWS's managed-key policy on first use. Concurrent first uses agree on one key.
    /// </summary>
    public async Task<KeyRecord> AwsManagedKeyAsync(string accountId, string region, string aliasName, string viaService, CancellationToken cancellationToken)
    {
        const string prefix = "alias/aws/";
        if (!aliasName.StartsWith(prefix, StringComparison.Ordinal) || !KeyIdentifier.IsAliasName(aliasName))
        {
            throw new ArgumentException($"{aliasName} is not the alias of an AWS managed key.", nameof(aliasName));
        }
        var service = aliasName[prefix.Length..];
        var id = new KeyIdentifier(accountId, region, aliasName, IsAlias: true);
        if (await FindAsync(id, cancellationToken) is { } existing)
        {
            return existing;
        }
        var created = NewKey(accountId, region, $"Default key that protects my {service.ToUpperInvariant()} data when no other key is defined",
            KeyPolicies.AwsManaged(accountId, service, viaService), KeyManager.Aws);
        return await database.WriteAsync(async db =>
        {
            var now = time.GetUtcNow();
            if (await FindAsync(db, id, now) is { } winner)
            {
                return winner;
            }
            await KmsStore.InsertKeyAsync(db, created);
            await KmsStore.TryInsertAliasAsync(db, new AliasRecord(accountId, region, aliasName, created.KeyId, now, now), now);
            return created;
        }, cancellationToken);
    }

    private byte[] OpenMaterial(KeyRecord key)
    {
        var master = masterKey.Key;
        if (key.MasterKeyId != master.Id)
        {
            throw new InvalidOperationException($"{key.Arn} was sealed by master key {key.MasterKeyId}, not the loaded {master.Id}.");
        }
        return master.Open(key.SealedMaterial, key.Arn);
    }
}
