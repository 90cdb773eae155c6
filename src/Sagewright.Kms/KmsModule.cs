using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Kms;

/// <summary>
/// Registers every KMS operation with its handler and its authorization. An operation on a key is authorized on
/// the key's ARN (an alias is followed first) against the key policy, which must allow the caller: naming the
/// account (:root) delegates to IAM, and another account's caller needs both the key policy and its own IAM
/// policy. CreateKey, ListKeys, ListAliases and GenerateRandom are on "*", with identity policies only, as in AWS.
/// </summary>
internal sealed class KmsModule : IAwsServiceModule
{
    private readonly KmsKeys _keys;
    private readonly AuthorizedKeys _authorized = new();
    private readonly KmsHandlers _handlers;

    public KmsModule(KmsKeys keys, Authorizer authorizer, TimeProvider time)
    {
        _keys = keys;
        _handlers = new KmsHandlers(keys, _authorized, authorizer, time);
    }

    /// <summary>How an operation may name its key (AWS's "cross-account use" and alias rules per operation).</summary>
    private enum Naming
    {
        /// <summary>Key id or key ARN of the caller's own account.</summary>
        OwnKey,

        /// <summary>Also an alias name or alias ARN, and another account's key or alias by ARN.</summary>
        AnyKey,
    }

    public void Register(OperationRegistry r)
    {
        Kms(r, "CreateKey", _handlers.CreateKey, Access.To(_ => "*").WithContext(c => [.. KmsConditionKeys.For(c.AccountId), .. RequestTagKeys(c)]));
        Kms(r, "ListKeys", _handlers.ListKeys, Access.To(_ => "*"));
        Kms(r, "ListAliases", _handlers.ListAliases, Access.To(_ => "*"));
        Kms(r, "GenerateRandom", _handlers.GenerateRandom, Access.To(_ => "*"));

        OnKey(r, "DescribeKey", _handlers.DescribeKey, Naming.AnyKey);
        OnKey(r, "EnableKey", _handlers.EnableKey, Naming.OwnKey);
        OnKey(r, "DisableKey", _handlers.DisableKey, Naming.OwnKey);
        OnKey(r, "ScheduleKeyDeletion", _handlers.ScheduleKeyDeletion, Naming.OwnKey, c => c.Input.Optional("PendingWindowInDays") is { } days
            ? [new("kms:ScheduleKeyDeletionPendingWindowInDays", days)]
            : []);
        OnKey(r, "CancelKeyDeletion", _handlers.CancelKeyDeletion, Naming.OwnKey);
        OnKey(r, "UpdateKeyDescription", _handlers.UpdateKeyDescription, Naming.OwnKey);
        OnKey(r, "GetKeyRotationStatus", _handlers.GetKeyRotationStatus, Naming.OwnKey);

        OnKey(r, "PutKeyPolicy", _handlers.PutKeyPolicy, Naming.OwnKey);
        OnKey(r, "GetKeyPolicy", _handlers.GetKeyPolicy, Naming.OwnKey);
        OnKey(r, "ListKeyPolicies", _handlers.ListKeyPolicies, Naming.OwnKey);

        OnKey(r, "TagResource", _handlers.TagResource, Naming.OwnKey, RequestTagKeys);
        OnKey(r, "UntagResource", _handlers.UntagResource, Naming.OwnKey,
            c => c.Input.StringList("TagKeys").Select(k => new KeyValuePair<string, string>("aws:TagKeys", k)));
        OnKey(r, "ListResourceTags", _handlers.ListResourceTags, Naming.OwnKey);

        // The alias itself is authorized in the handler (IAM policy only), as AWS requires both.
        OnKey(r, "CreateAlias", _handlers.CreateAlias, Naming.OwnKey, member: "TargetKeyId");
        OnAlias(r, "DeleteAlias", _handlers.DeleteAlias);
        OnAlias(r, "UpdateAlias", _handlers.UpdateAlias);

        OnKey(r, "Encrypt", _handlers.Encrypt, Naming.AnyKey);
        OnKey(r, "GenerateDataKey", _handlers.GenerateDataKey, Naming.AnyKey);
        OnKey(r, "GenerateDataKeyWithoutPlaintext", _handlers.GenerateDataKeyWithoutPlaintext, Naming.AnyKey);
        OnCiphertext(r, "Decrypt", _handlers.Decrypt, "KeyId", "EncryptionContext", "kms:Decrypt");
        // The destination key (kms:ReEncryptTo) is authorized in the handler.
        OnCiphertext(r, "ReEncrypt", _handlers.ReEncrypt, "SourceKeyId", "SourceEncryptionContext", "kms:ReEncryptFrom");
    }

    private static void Kms(OperationRegistry r, string operation, OperationHandler handler, Access access) => r.Add("kms", operation, handler, access);

    private void OnKey(OperationRegistry r, string operation, OperationHandler handler, Naming naming,
        Func<OperationCall, IEnumerable<KeyValuePair<string, string>>>? keys = null, string member = "KeyId")
    {
        var any = naming == Naming.AnyKey;
        Kms(r, operation, handler, Access
            .To((call, ct) => ResolveAsync(call, KeyIdentifier.Parse(call.Input.Required(member), call.AccountId, call.Region, any, any, _keys.Errors), ct))
            .WithResourcePolicy(KeyPolicyAsync)
            .WithContext(call => ConditionKeys(call, "EncryptionContext", keys)));
    }

    /// <summary>DeleteAlias and UpdateAlias: authorized on the key the alias points to now.</summary>
    private void OnAlias(OperationRegistry r, string operation, OperationHandler handler) =>
        Kms(r, operation, handler, Access
            .To((call, ct) => ResolveAsync(call, AliasIdentifier(call), ct))
            .WithResourcePolicy(KeyPolicyAsync)
            .WithContext(call => ConditionKeys(call, "EncryptionContext", null)));

    /// <summary>Decrypt and ReEncrypt: authorized on the key named inside the ciphertext.</summary>
    private void OnCiphertext(OperationRegistry r, string operation, OperationHandler handler, string keyIdMember, string contextMember, string action) =>
        Kms(r, operation, handler, Access
            .To((call, ct) => ResolveCiphertextKeyAsync(call, keyIdMember, ct))
            .As(action)
            .WithResourcePolicy(KeyPolicyAsync)
            .WithContext(call => ConditionKeys(call, contextMember, null)));

    private KeyIdentifier AliasIdentifier(OperationCall call)
    {
        var name = call.Input.Required("AliasName");
        return name.StartsWith("alias/", StringComparison.Ordinal)
            ? KeyIdentifier.Parse(name, call.AccountId, call.Region, aliasAllowed: true, crossAccount: false, _keys.Errors)
            : throw AliasNames.MissingPrefix(_keys.Errors);
    }

    /// <summary>
    /// Finds the key and remembers it for the handler. A missing key of the caller's own account is
    /// NotFoundException; one of another account is denied like a key that does not trust the caller.
    /// </summary>
    private async ValueTask<string> ResolveAsync(OperationCall call, KeyIdentifier id, CancellationToken cancellationToken)
    {
        var key = await _keys.FindForUseAsync(id, call.AccountId, cancellationToken);
        _authorized.Remember(call, new AuthorizedKey(key, id));
        return key?.Arn ?? id.Arn;
    }

    /// <summary>The key inside the ciphertext; a KeyId given as well must name that same key (IncorrectKeyException).</summary>
    private async ValueTask<string> ResolveCiphertextKeyAsync(OperationCall call, string keyIdMember, CancellationToken cancellationToken)
    {
        var blob = call.Input.RequiredBlob("CiphertextBlob", _keys.Errors);
        var key = await _keys.KeyOfCiphertextAsync(blob, call.AccountId, call.Region, cancellationToken);
        var named = KeyIdentifier.Of(key);
        if (call.Input.Optional(keyIdMember) is { } keyId)
        {
            var id = KeyIdentifier.Parse(keyId, call.AccountId, call.Region, aliasAllowed: true, crossAccount: true, _keys.Errors);
            if ((await _keys.FindAsync(id, cancellationToken) ?? throw _keys.NotFound(id)).Arn != key.Arn)
            {
                throw _keys.Errors.IncorrectKey();
            }
            named = id;
        }
        _authorized.Remember(call, new AuthorizedKey(key, named));
        return key.Arn;
    }

    private ValueTask<ResourcePolicy?> KeyPolicyAsync(OperationCall call, string resource, CancellationToken cancellationToken)
    {
        var authorizedKey = _authorized.Find(call) ?? throw new InvalidOperationException($"{resource} was not resolved before its policy was asked for.");
        return ValueTask.FromResult<ResourcePolicy?>(KeyPolicies.For(authorizedKey.Key, authorizedKey.NamedAs));
    }

    /// <summary>kms:CallerAccount, the encryption context (operations without one have none), kms:RequestAlias, and the operation's own.</summary>
    private IEnumerable<KeyValuePair<string, string>> ConditionKeys(OperationCall call, string contextMember,
        Func<OperationCall, IEnumerable<KeyValuePair<string, string>>>? operationKeys) =>
        [
            .. KmsConditionKeys.For(call.AccountId, call.Input.EncryptionContext(contextMember), _authorized.Find(call)?.RequestAlias),
            .. operationKeys?.Invoke(call) ?? [],
        ];

    private static IEnumerable<KeyValuePair<string, string>> RequestTagKeys(OperationCall call) =>
        call.Input.Tags().SelectMany<KmsTag, KeyValuePair<string, string>>(t => [new("aws:RequestTag/" + t.TagKey, t.TagValue), new("aws:TagKeys", t.TagKey)]);
}
