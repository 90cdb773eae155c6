using System.Security.Cryptography;
using System.Text;

namespace Sagewright.SigV4;

/// <summary>
/// The chain of aws-chunked signatures: each chunk signs <c>AWS4-HMAC-SHA256-PAYLOAD\n time\n scope\n previous signature\n
/// SHA-256("")\n SHA-256(chunk)</c>, starting from the request (seed) signature; the trailer signs
/// <c>AWS4-HMAC-SHA256-TRAILER\n time\n scope\n previous signature\n SHA-256(trailing headers)</c>.
/// </summary>
internal sealed class ChunkSignatureChain : IDisposable
{
    private const int HexLength = 64;
    private static readonly byte[] EmptyHashHex = Encoding.ASCII.GetBytes(SigV4Constants.EmptyPayloadSha256);

    private readonly byte[] signingKey;
    private readonly IncrementalHash chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] payloadPrefix;
    private readonly byte[] trailerPrefix;
    private readonly byte[] previousSignature = new byte[HexLength];

    public ChunkSignatureChain(byte[] signingKey, string seedSignature, ParsedSignature sig)
    {
        this.signingKey = signingKey;
        payloadPrefix = Encoding.ASCII.GetBytes($"AWS4-HMAC-SHA256-PAYLOAD\n{sig.AmzDate}\n{sig.CredentialScope}\n");
        trailerPrefix = Encoding.ASCII.GetBytes($"AWS4-HMAC-SHA256-TRAILER\n{sig.AmzDate}\n{sig.CredentialScope}\n");
        if (seedSignature.Length != HexLength || Encoding.ASCII.GetBytes(seedSignature.AsSpan(), previousSignature) != HexLength)
        {
            throw new ArgumentException("The seed signature must be 64 hex characters.", nameof(seedSignature));
        }
    }

    public void AppendChunkData(ReadOnlySpan<byte> data) => chunkHash.AppendData(data);

    /// <summary>Checks the signature of the chunk whose data was appended since the previous check.</summary>
    public void VerifyChunk(ReadOnlySpan<byte> providedSignatureHex)
    {
        Span<byte> dataHash = stackalloc byte[SHA256.HashSizeInBytes];
        chunkHash.GetHashAndReset(dataHash);

        Span<byte> stringToSign = stackalloc byte[payloadPrefix.Length + (HexLength + 1) * 3];
        var written = Append(stringToSign, 0, payloadPrefix);
        written = Append(stringToSign, written, previousSignature);
        stringToSign[written++] = (byte)'\n';
        written = Append(stringToSign, written, EmptyHashHex);
        stringToSign[written++] = (byte)'\n';
        written += HexAscii.WriteLower(dataHash, stringToSign[written..]);
        Verify(stringToSign[..written], providedSignatureHex);
    }

    /// <summary>Checks x-amz-trailer-signature over the canonical trailing headers (<c>name:value\n</c> each).</summary>
    public void VerifyTrailer(ReadOnlySpan<byte> canonicalTrailers, ReadOnlySpan<byte> providedSignatureHex)
    {
        Span<byte> trailersHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonicalTrailers, trailersHash);

        Span<byte> stringToSign = stackalloc byte[trailerPrefix.Length + (HexLength + 1) * 2];
        var written = Append(stringToSign, 0, trailerPrefix);
        written = Append(stringToSign, written, previousSignature);
        stringToSign[written++] = (byte)'\n';
        written += HexAscii.WriteLower(trailersHash, stringToSign[written..]);
        Verify(stringToSign[..written], providedSignatureHex);
    }

    public void Dispose() => chunkHash.Dispose();

    private void Verify(ReadOnlySpan<byte> stringToSign, ReadOnlySpan<byte> providedSignatureHex)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(signingKey, stringToSign, mac);
        Span<byte> expected = stackalloc byte[HexLength];
        HexAscii.WriteLower(mac, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, providedSignatureHex))
        {
            throw ChunkedBodyErrors.ChunkSignatureDoesNotMatch();
        }

        expected.CopyTo(previousSignature);
    }

    private static int Append(Span<byte> destination, int offset, ReadOnlySpan<byte> value)
    {
        value.CopyTo(destination[offset..]);
        return offset + value.Length;
    }
}
