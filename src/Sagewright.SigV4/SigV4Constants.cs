namespace Sagewright.SigV4;

/// <summary>Literal values of the SigV4 protocol.</summary>
public static class SigV4Constants
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string ScopeTerminator = "aws4_request";

    /// <summary>The longest validity of a presigned URL, 7 days.</summary>
    public const int MaxPresignExpiresSeconds = 604800;

    /// <summary>Allowed difference between the request time and the server clock for header-signed requests.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string StreamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingSignedPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>Hex SHA-256 of the empty string.</summary>
    public const string EmptyPayloadSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>True for 64 hexadecimal characters (a SHA-256 digest), either case.</summary>
    public static bool IsHexSha256(string value)
    {
        if (value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
