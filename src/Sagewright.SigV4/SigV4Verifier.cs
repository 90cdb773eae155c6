using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Sagewright.SigV4;

/// <summary>Computes the SigV4 canonical request, string to sign and signature, and checks a request against them.</summary>
public static class SigV4Verifier
{
    /// <param name="payloadHash">The last line: hex SHA-256 of the body as the caller computed it, or the literal the client sent
    /// (UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD...).</param>
    /// <param name="normalizePath">False for S3 (the path is signed as sent); true for every other service.</param>
    public static string CanonicalRequest(SigV4Request request, ParsedSignature sig, string payloadHash, bool normalizePath)
    {
        var builder = new StringBuilder(512);
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalUri.For(request.RawPath, normalizePath)).Append('\n');
        builder.Append(CanonicalQueryString.For(request.RawQuery, excludeSignature: sig.IsPresigned)).Append('\n');
        CanonicalHeaders.Append(builder, request, sig.SignedHeaders);
        builder.Append('\n');
        builder.AppendJoin(';', sig.SignedHeaders).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    public static string StringToSign(ParsedSignature sig, string canonicalRequest)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        using (var utf8 = PooledUtf8.Of(canonicalRequest))
        {
            SHA256.HashData(utf8.Bytes, digest);
        }
        return $"{SigV4Constants.Algorithm}\n{sig.AmzDate}\n{sig.CredentialScope}\n{Convert.ToHexStringLower(digest)}";
    }

    /// <summary>The derived key HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request"), cached.
    /// The returned array is shared between callers: do not modify it.</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service) =>
        SigningKeyCache.GetOrDerive(secretAccessKey, date, region, service);

    /// <summary>Hex HMAC-SHA256 of the string to sign under the signing key.</summary>
    public static string ComputeSignature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>
    /// Checks the request time (15 minutes of skew for header-signed requests; X-Amz-Date + X-Amz-Expires for presigned ones),
    /// that 'host' is signed, and the signature. Throws <see cref="SigV4Exception"/> with AWS's codes.
    /// </summary>
    /// <returns>The signing key, to verify aws-chunked bodies (<see cref="AwsChunkedDecodingStream"/>). Shared: do not modify it.</returns>
    public static byte[] Verify(
        SigV4Request request, ParsedSignature sig, string secretAccessKey, string payloadHash, bool normalizePath, DateTimeOffset now, bool s3Errors)
    {
        RequestTimeRules.Check(sig, now, s3Errors);
        RequireSignedHeaders(request, sig, s3Errors);

        var canonicalRequest = CanonicalRequest(request, sig, payloadHash, normalizePath);
        var stringToSign = StringToSign(sig, canonicalRequest);
        var signingKey = SigningKey(secretAccessKey, sig.Date, sig.Region, sig.Service);

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        using (var utf8 = PooledUtf8.Of(stringToSign))
        {
            HMACSHA256.HashData(signingKey, utf8.Bytes, mac);
        }
        Span<char> expected = stackalloc char[HMACSHA256.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(mac, expected, out _);
        if (!CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(sig.Signature.AsSpan())))
        {
            throw SigV4Errors.SignatureDoesNotMatch(s3Errors, sig, canonicalRequest, stringToSign);
        }

        return signingKey;
    }

    /// <summary>
    /// Checks that the credential scope names this server's region and the service the request was routed to, with AWS's errors
    /// (a signature for another scope is valid maths but the wrong audience).
    /// </summary>
    public static void RequireScope(ParsedSignature sig, string region, string service, bool s3Errors)
    {
        if (sig.Region != region)
        {
            throw s3Errors
                ? sig.IsPresigned
                    ? SigV4Errors.QueryParameters($"Error parsing the X-Amz-Credential parameter; the region '{sig.Region}' is wrong; expecting '{region}'")
                    : new SigV4Exception("AuthorizationHeaderMalformed", $"The authorization header is malformed; the region '{sig.Region}' is wrong; expecting '{region}'", 400)
                : new SigV4Exception("SignatureDoesNotMatch", $"Credential should be scoped to a valid region, not '{sig.Region}'. ");
        }

        if (sig.Service != service)
        {
            throw s3Errors
                ? sig.IsPresigned
                    ? SigV4Errors.QueryParameters($"Error parsing the X-Amz-Credential parameter; incorrect service \"{sig.Service}\". This endpoint belongs to \"{service}\".")
                    : new SigV4Exception("AuthorizationHeaderMalformed", $"The authorization header is malformed; incorrect service \"{sig.Service}\". This endpoint belongs to \"{service}\".", 400)
                : new SigV4Exception("SignatureDoesNotMatch", $"Credential should be scoped to correct service: '{service}'. ");
        }
    }

    private static void RequireSignedHeaders(SigV4Request request, ParsedSignature sig, bool s3Errors)
    {
        if (!sig.SignedHeaders.Contains("host"))
        {
            throw SigV4Errors.HostNotSigned(s3Errors, sig.IsPresigned);
        }

        // A presigned URL must not let its holder add x-amz-* headers (x-amz-acl, x-amz-copy-source...) the signer never saw.
        if (s3Errors && sig.IsPresigned)
        {
            var unsigned = request.Headers
                .Select(header => header.Key.ToLowerInvariant())
                .Where(name => name.StartsWith("x-amz-", StringComparison.Ordinal) && !sig.SignedHeaders.Contains(name))
                .Distinct()
                .ToList();
            if (unsigned.Count > 0)
            {
                throw SigV4Errors.UnsignedAmzHeaders(unsigned);
            }
        }
    }
}
