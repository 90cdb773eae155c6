using System.Security.Cryptography;

namespace Sagewright.Core;

/// <summary>Identifiers in the formats AWS uses, from a cryptographic random source.</summary>
public static class Ids
{
    private const string Base32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>A prefixed id such as AKIA…, ASIA…, AIDA…, AROA… (4 + 16 characters, as AWS).</summary>
    public static string Prefixed(string prefix, int length = 16) => prefix + RandomString(Base32Upper, length);

    public static string SecretAccessKey() => RandomString(SecretAlphabet, 40);

    public static string RequestId() => Guid.NewGuid().ToString();

    /// <summary>A 12-digit account id that does not start with 0.</summary>
    public static string AccountId() =>
        (char)('1' + RandomNumberGenerator.GetInt32(9)) + RandomString("0123456789", 11);

    public static string RandomString(string alphabet, int length) =>
        string.Create(length, alphabet, static (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
}
