using System.Security.Cryptography;
using System.Text;

namespace Sagewright.SigV4.Tests;

/// <summary>Builds aws-chunked bodies as the AWS SDKs send them, signing chunks with the chain of the S3 documentation.</summary>
internal static class AwsChunkedBody
{
    public static byte[] Signed(byte[] data, int chunkSize, byte[] signingKey, string seedSignature, ParsedSignature sig, IReadOnlyList<(string Name, string Value)>? trailers = null)
    {
        var body = new MemoryStream();
        var previous = seedSignature;
        for (var offset = 0; ; offset += chunkSize)
        {
            var chunk = data.AsSpan(Math.Min(offset, data.Length), Math.Clamp(data.Length - offset, 0, chunkSize)).ToArray();
            previous = ChunkSignature(signingKey, sig, previous, chunk);
            Write(body, $"{chunk.Length:x};chunk-signature={previous}\r\n");
            if (chunk.Length == 0)
            {
                break;
            }

            body.Write(chunk);
            Write(body, "\r\n");
        }

        if (trailers is null)
        {
            Write(body, "\r\n");
            return body.ToArray();
        }

        var canonical = string.Concat(trailers.Select(t => $"{t.Name}:{t.Value}\n"));
        foreach (var (name, value) in trailers)
        {
            Write(body, $"{name}:{value}\r\n");
        }

        Write(body, $"x-amz-trailer-signature:{TrailerSignature(signingKey, sig, previous, canonical)}\r\n\r\n");
        return body.ToArray();
    }

    public static byte[] Unsigned(byte[] data, int chunkSize, IReadOnlyList<(string Name, string Value)> trailers)
    {
        var body = new MemoryStream();
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, data.Length - offset);
            Write(body, $"{length:x}\r\n");
            body.Write(data, offset, length);
            Write(body, "\r\n");
        }

        Write(body, "0\r\n");
        foreach (var (name, value) in trailers)
        {
            Write(body, $"{name}:{value}\r\n");
        }

        Write(body, "\r\n");
        return body.ToArray();
    }

    public static string ChunkSignature(byte[] signingKey, ParsedSignature sig, string previous, byte[] chunk) =>
        Hmac(signingKey, $"AWS4-HMAC-SHA256-PAYLOAD\n{sig.AmzDate}\n{sig.CredentialScope}\n{previous}\n{SigV4Constants.EmptyPayloadSha256}\n{TestSupport.Sha256Hex(chunk)}");

    public static string TrailerSignature(byte[] signingKey, ParsedSignature sig, string previous, string canonicalTrailers) =>
        Hmac(signingKey, $"AWS4-HMAC-SHA256-TRAILER\n{sig.AmzDate}\n{sig.CredentialScope}\n{previous}\n{TestSupport.Sha256Hex(canonicalTrailers)}");

    public static byte[] ReadAll(Stream stream, int readSize = 81920)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static string Hmac(byte[] key, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    private static void Write(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));
}
