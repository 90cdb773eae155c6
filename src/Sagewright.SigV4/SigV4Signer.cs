using System.Security.Cryptography;
using System.Text;

namespace Sagewright.SigV4;

/// <summary>
/// Client-side SigV4, for tests, benchmarks and Sagewright's own outbound calls. S3 signs the path as sent and always sends
/// x-amz-content-sha256; other services get the normalized, double-encoded path, as botocore does.
/// </summary>
public sealed class SigV4Signer(string accessKeyId, string secretAccessKey, string region, string service, string? sessionToken = null)
{
    /// <summary>Headers a proxy or the HTTP stack may add, drop or rewrite after signing (botocore's list, plus Content-Length,
    /// which HttpClient computes when it sends).</summary>
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "connection", "content-length", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    };

    private bool IsS3 => service == "s3";

    /// <summary>
    /// Adds X-Amz-Date, X-Amz-Content-SHA256 (S3, or any unsigned payload), X-Amz-Security-Token and Authorization, signing every
    /// header present except the hop-by-hop ones. The RequestUri is rewritten into AWS URI encoding (what is signed is what is sent).
    /// </summary>
    /// <param name="body">The exact body bytes; null signs UNSIGNED-PAYLOAD.</param>
    public void Sign(HttpRequestMessage request, DateTimeOffset now, byte[]? body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = WireTarget.From(request.RequestUri ?? throw new ArgumentException("The request has no RequestUri.", nameof(request)));
        request.RequestUri = target.ToUri(target.Query);

        var payloadHash = body is null ? SigV4Constants.UnsignedPayload : Convert.ToHexStringLower(SHA256.HashData(body));
        foreach (var name in new[] { "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256" })
        {
            request.Headers.Remove(name);
        }

        request.Headers.TryAddWithoutValidation("X-Amz-Date", AmzDateFormat.Format(now));
        if (IsS3 || body is null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);
        }

        if (sessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", sessionToken);
        }

        var headers = SignableHeaders(request, target.Host);
        var signedHeaders = headers.Select(header => header.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        var sig = ParsedSignatureFor(now, signedHeaders, isPresigned: false, expiresSeconds: null, payloadHash);
        var signature = ComputeSignature(new SigV4Request(request.Method.Method, target.Path, target.Query, headers), sig);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"{SigV4Constants.Algorithm} Credential={accessKeyId}/{sig.CredentialScope}, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}");
    }

    /// <summary>A presigned URL signing only 'host': UNSIGNED-PAYLOAD for S3, the empty body's hash for other services (as botocore).</summary>
    public Uri Presign(HttpMethod method, Uri url, DateTimeOffset now, int expiresSeconds)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentOutOfRangeException.ThrowIfNegative(expiresSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expiresSeconds, SigV4Constants.MaxPresignExpiresSeconds);

        var target = WireTarget.From(url);
        var payloadHash = IsS3 ? SigV4Constants.UnsignedPayload : SigV4Constants.EmptyPayloadSha256;
        var sig = ParsedSignatureFor(now, ["host"], isPresigned: true, expiresSeconds, payloadHash);

        var query = new StringBuilder(target.Query);
        AppendParameter(query, "X-Amz-Algorithm", SigV4Constants.Algorithm);
        AppendParameter(query, "X-Amz-Credential", $"{accessKeyId}/{sig.CredentialScope}");
        AppendParameter(query, "X-Amz-Date", sig.AmzDate);
        AppendParameter(query, "X-Amz-Expires", expiresSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppendParameter(query, "X-Amz-SignedHeaders", "host");
        if (sessionToken is not null)
        {
            AppendParameter(query, "X-Amz-Security-Token", sessionToken);
        }

        var request = new SigV4Request(method.Method, target.Path, query.ToString(), [new("host", target.Host)]);
        AppendParameter(query, CanonicalQueryString.SignatureParameter, ComputeSignature(request, sig));
        return target.ToUri(query.ToString());
    }

    /// <summary>What the server will parse from the request, minus the signature itself.</summary>
    private ParsedSignature ParsedSignatureFor(DateTimeOffset now, IReadOnlyList<string> signedHeaders, bool isPresigned, int? expiresSeconds, string payloadHash)
    {
        var requestTime = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return new ParsedSignature(
            accessKeyId, requestTime, AmzDateFormat.Format(requestTime)[..8], region, service, signedHeaders, Signature: "", isPresigned, expiresSeconds, sessionToken, payloadHash);
    }

    private string ComputeSignature(SigV4Request request, ParsedSignature sig)
    {
        var canonicalRequest = SigV4Verifier.CanonicalRequest(request, sig, sig.PayloadHash!, normalizePath: !IsS3);
        var signingKey = SigV4Verifier.SigningKey(secretAccessKey, sig.Date, region, service);
        return SigV4Verifier.ComputeSignature(signingKey, SigV4Verifier.StringToSign(sig, canonicalRequest));
    }

    /// <summary>Lowercase name and value of each header as HttpClient will send it (repeated values on one line, ", "-joined).</summary>
    private static List<KeyValuePair<string, string>> SignableHeaders(HttpRequestMessage request, string host)
    {
        var headers = new List<KeyValuePair<string, string>> { new("host", request.Headers.Host ?? host) };
        var all = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        foreach (var (name, values) in all)
        {
            if (!UnsignedHeaders.Contains(name) && !name.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(name.ToLowerInvariant(), string.Join(", ", values)));
            }
        }

        return headers;
    }

    private static void AppendParameter(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        UriEncoding.AppendEncoded(query, name, keepSlash: false);
        query.Append('=');
        UriEncoding.AppendEncoded(query, value, keepSlash: false);
    }
}
