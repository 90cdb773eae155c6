using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sagewright.SigV4.Tests;

internal static class TestSupport
{
    /// <summary>The credentials of the AWS S3 documentation examples.</summary>
    public const string S3ExampleAccessKey = "AKIAIOSFODNN7EXAMPLE";
    public const string S3ExampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>The credentials of the AWS SigV4 general documentation and test suite.</summary>
    public const string ExampleAccessKey = "AKIDEXAMPLE";
    public const string ExampleSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public static DateTimeOffset Time(string amzDate) =>
        DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    public static SigV4Request Request(string method, string path, string query, params (string Name, string Value)[] headers) =>
        new(method, path, query, headers.Select(header => new KeyValuePair<string, string>(header.Name, header.Value)).ToList());

    /// <summary>What a server sees of a request signed by <see cref="SigV4Signer"/>: the request target and the headers as sent.</summary>
    public static SigV4Request AsReceived(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var headers = new List<KeyValuePair<string, string>> { new("Host", request.Headers.Host ?? uri.Authority) };
        var all = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        headers.AddRange(all
            .Where(header => !header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            .Select(header => new KeyValuePair<string, string>(header.Key, string.Join(", ", header.Value))));
        return new SigV4Request(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), headers);
    }

    public static SigV4Request AsReceived(Uri presigned, params (string Name, string Value)[] extraHeaders)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", presigned.Authority) };
        headers.AddRange(extraHeaders.Select(header => new KeyValuePair<string, string>(header.Name, header.Value)));
        return new SigV4Request("GET", presigned.AbsolutePath, presigned.Query.TrimStart('?'), headers);
    }

    public static SigV4Request WithHeader(this SigV4Request request, string name, string value) =>
        request with { Headers = request.Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Append(new(name, value)).ToList() };

    /// <summary>Parses and verifies as the server pipeline does; the payload hash defaults to the SHA-256 of <paramref name="body"/>.</summary>
    public static ParsedSignature ParseAndVerify(
        SigV4Request request, string secret, DateTimeOffset now, byte[]? body = null, bool? s3 = null, bool? normalizePath = null)
    {
        var sig = SigV4Parser.Parse(request, s3 ?? false) ?? throw new InvalidOperationException("no SigV4 authentication");
        var isS3 = s3 ?? sig.Service == "s3";
        SigV4Verifier.Verify(request, sig, secret, sig.PayloadHash ?? Sha256Hex(body ?? []), normalizePath ?? !isS3, now, isS3);
        return sig;
    }
}
