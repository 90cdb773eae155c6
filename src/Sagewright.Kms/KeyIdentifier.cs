using Sagewright.Core;

namespace Sagewright.Kms;

internal static class KmsArns
{
    public static string Key(string accountId, string region, string keyId) => $"arn:aws:kms:{region}:{accountId}:key/{keyId}";

    public static string Alias(string accountId, string region, string aliasName) => $"arn:aws:kms:{region}:{accountId}:{aliasName}";
}

/// <summary>Where a KeyId parameter points before anything is read: a key by id, or an alias to follow.</summary>
/// <param name="Name">The key id (a UUID) or the alias name ("alias/x").</param>
internal sealed record KeyIdentifier(string AccountId, string Region, string Name, bool IsAlias)
{
    public static KeyIdentifier Of(KeyRecord key) => new(key.AccountId, key.Region, key.KeyId, IsAlias: false);

    public string Arn => IsAlias ? KmsArns.Alias(AccountId, Region, Name) : KmsArns.Key(AccountId, Region, Name);

    /// <summary>
    /// Parses a key id, key ARN, alias name or alias ARN as AWS accepts them. Aliases only where
    /// <paramref name="aliasAllowed"/>; another account's key or alias only by ARN and only where
    /// <paramref name="crossAccount"/> (AWS's "cross-account use: yes" operations). An ARN naming another region or,
    /// for other operations, another account names no key this request can reach.
    /// </summary>
    public static KeyIdentifier Parse(string text, string callerAccount, string region, bool aliasAllowed, bool crossAccount, KmsErrors errors)
    {
        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (!Core.Arn.TryParse(text, out var arn) || arn.Service != "kms" || arn.AccountId.Length != 12)
            {
                throw errors.InvalidKeyId(text);
            }
            var isAlias = arn.Resource.StartsWith("alias/", StringComparison.Ordinal);
            if (isAlias ? !aliasAllowed || !IsAliasName(arn.Resource) : !arn.Resource.StartsWith("key/", StringComparison.Ordinal) || !IsKeyId(arn.Resource[4..]))
            {
                throw errors.InvalidKeyId(text);
            }
            var identifier = new KeyIdentifier(arn.AccountId, arn.Region, isAlias ? arn.Resource : arn.Resource[4..], isAlias);
            if (arn.Region != region || (arn.AccountId != callerAccount && !crossAccount))
            {
                throw isAlias ? errors.AliasNotFound(text) : errors.KeyNotFound(text);
            }
            return identifier;
        }
        if (text.StartsWith("alias/", StringComparison.Ordinal) && aliasAllowed && IsAliasName(text))
        {
            return new KeyIdentifier(callerAccount, region, text, IsAlias: true);
        }
        return IsKeyId(text) ? new KeyIdentifier(callerAccount, region, text, IsAlias: false) : throw errors.InvalidKeyId(text);
    }

    public static bool IsKeyId(string text) => text.Length == 36 && Guid.TryParseExact(text, "D", out _);

    /// <summary>"alias/" and then letters, digits, '/', '_' and '-' (what CreateAlias accepts).</summary>
    public static bool IsAliasName(string text) =>
        text.Length > 6 && text.StartsWith("alias/", StringComparison.Ordinal)
        && text.AsSpan(6).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-") < 0;
}
