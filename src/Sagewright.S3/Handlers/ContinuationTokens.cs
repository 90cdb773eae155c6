using System.Text;

namespace Sagewright.S3.Handlers;

/// <summary>Opaque continuation tokens: the listing position, base64url-encoded.</summary>
internal static class ContinuationTokens
{
    public static string Encode(string position) => Convert.ToBase64String(Encoding.UTF8.GetBytes(position)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Decode(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }
}
