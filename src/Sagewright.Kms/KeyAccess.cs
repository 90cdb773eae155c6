using System.Runtime.CompilerServices;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Kms;

/// <summary>KMS's condition keys, as AWS sets them on a request that uses a key.</summary>
internal static class KmsConditionKeys
{
    /// <param name="requestAlias">The alias the request named the key by (kms:RequestAlias), if any.</param>
    /// <param name="viaService">The service the call came through (kms:ViaService), for calls made on a caller's behalf.</param>
    public static IEnumerable<KeyValuePair<string, string>> For(string callerAccount, IReadOnlyDictionary<string, string>? encryptionContext = null,
        string? requestAlias = null, string? viaService = null)
    {
        yield return new("kms:CallerAccount", callerAccount);
        foreach (var (key, value) in encryptionContext ?? new Dictionary<string, string>())
        {
            yield return new("kms:EncryptionContext:" + key, value);
            yield return new("kms:EncryptionContextKeys", key);
        }
        if (requestAlias is not null)
        {
            yield return new("kms:RequestAlias", requestAlias);
        }
        if (viaService is not null)
        {
            yield return new("kms:ViaService", viaService);
        }
    }
}

/// <summary>The key an operation was authorized on (null: a missing key of another account), and how the request named it.</summary>
internal sealed record AuthorizedKey(KeyRecord? Key, KeyIdentifier NamedAs)
{
    /// <summary>kms:RequestAlias: the alias name when the request named the key by an alias.</summary>
    public string? RequestAlias => NamedAs.IsAlias ? NamedAs.Name : null;
}

/// <summary>
/// Carries the key the pipeline authorized to the handler of the same call, so the handler works on exactly that
/// key even if an alias is repointed meanwhile.
/// </summary>
internal sealed class AuthorizedKeys
{
    private readonly ConditionalWeakTable<OperationCall, AuthorizedKey> _keys = [];

    public void Remember(OperationCall call, AuthorizedKey key) => _keys.AddOrUpdate(call, key);

    public AuthorizedKey? Find(OperationCall call) => _keys.TryGetValue(call, out var key) ? key : null;

    /// <summary>The key the handler may rely on: authorization denied every call whose key was missing.</summary>
    public KeyRecord Of(OperationCall call) => Find(call)?.Key
        ?? throw new InvalidOperationException($"{call.Context.Operation.Name} ran without an authorized key.");
}
