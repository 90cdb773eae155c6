using System.Text;
using static Sagewright.SigV4.Tests.TestSupport;

namespace Sagewright.SigV4.Tests;

public sealed class AwsChunkedDecodingStreamTests
{
    private const string Seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static readonly ParsedSignature Sig = new(
        S3ExampleAccessKey, Time("20130524T000000Z"), "20130524", "us-east-1", "s3", ["host"], Seed, false, null, null, SigV4Constants.StreamingSignedPayload);

    private static readonly byte[] Key = SigV4Verifier.SigningKey(S3ExampleSecret, "20130524", "us-east-1", "s3");
    private static readonly byte[] Data = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7 % 251)).ToArray();

    [Theory]
    [InlineData(AwsChunkedMode.SignedChunks)]
    [InlineData(AwsChunkedMode.SignedChunksWithTrailer)]
    [InlineData(AwsChunkedMode.UnsignedWithTrailer)]
    public void BodyArrivingOneByteAtATime_ReadOneByteAtATime_Decodes(AwsChunkedMode mode)
    {
        using var decoder = Decoder(new OneByteAtATimeStream(Body(mode, Data, 65536)), mode, Data.Length);

        Assert.Equal(Data, AwsChunkedBody.ReadAll(decoder, readSize: 1));
        Assert.Equal(Data.Length, decoder.Position);
    }

    [Theory]
    [InlineData(AwsChunkedMode.SignedChunks)]
    [InlineData(AwsChunkedMode.SignedChunksWithTrailer)]
    [InlineData(AwsChunkedMode.UnsignedWithTrailer)]
    public async Task ReadAsync_DecodesAndExposesTrailers(AwsChunkedMode mode)
    {
        using var decoder = Decoder(new MemoryStream(Body(mode, Data, 8192)), mode, Data.Length);
        var output = new MemoryStream();

        await decoder.CopyToAsync(output, 5000);

        Assert.Equal(Data, output.ToArray());
        if (mode != AwsChunkedMode.SignedChunks)
        {
            Assert.Equal("AAAAAA==", decoder.Trailers["x-amz-checksum-crc32"]);
            Assert.Equal("AAAAAA==", decoder.Trailers["X-Amz-Checksum-CRC32"]);
        }
    }

    [Theory]
    [InlineData(AwsChunkedMode.SignedChunks)]
    [InlineData(AwsChunkedMode.UnsignedWithTrailer)]
    public void EmptyBody_Decodes(AwsChunkedMode mode)
    {
        using var decoder = Decoder(new MemoryStream(Body(mode, [], 65536)), mode, 0);

        Assert.Empty(AwsChunkedBody.ReadAll(decoder));
    }

    [Fact]
    public void ForgedChunkSignature_ThrowsSignatureDoesNotMatchAfterThatChunk()
    {
        var body = Body(AwsChunkedMode.SignedChunks, Data, 65536);
        var secondSignature = Encoding.ASCII.GetString(body).IndexOf(";chunk-signature=", 100, StringComparison.Ordinal) + 17;
        body[secondSignature] = body[secondSignature] == (byte)'0' ? (byte)'1' : (byte)'0';
        using var decoder = Decoder(new MemoryStream(body), AwsChunkedMode.SignedChunks, Data.Length);
        var output = new MemoryStream();

        var error = Assert.Throws<SigV4Exception>(() => decoder.CopyTo(output));

        Assert.Equal(("SignatureDoesNotMatch", 403), (error.Code, error.StatusCode));
        Assert.True(output.Length < Data.Length);
    }

    [Fact]
    public void AlteredChunkData_ThrowsSignatureDoesNotMatch()
    {
        var body = Body(AwsChunkedMode.SignedChunks, Data, 65536);
        body[100_000] ^= 0xFF;

        AssertDecodeFails(body, AwsChunkedMode.SignedChunks, "SignatureDoesNotMatch");
    }

    [Fact]
    public void WrongSeedSignature_ThrowsSignatureDoesNotMatch()
    {
        var body = Body(AwsChunkedMode.SignedChunks, Data, 65536);
        using var decoder = new AwsChunkedDecodingStream(
            new MemoryStream(body), AwsChunkedMode.SignedChunks, Key, new string('0', 64), Sig, Data.Length);

        Assert.Equal("SignatureDoesNotMatch", Assert.Throws<SigV4Exception>(() => AwsChunkedBody.ReadAll(decoder)).Code);
    }

    [Fact]
    public void ForgedTrailer_ThrowsSignatureDoesNotMatch()
    {
        var body = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Body(AwsChunkedMode.SignedChunksWithTrailer, Data, 65536))
            .Replace("x-amz-checksum-crc32:AAAAAA==", "x-amz-checksum-crc32:BBBBBB==", StringComparison.Ordinal));

        AssertDecodeFails(body, AwsChunkedMode.SignedChunksWithTrailer, "SignatureDoesNotMatch");
    }

    [Fact]
    public void SignedTrailerModeWithoutTrailerSignature_ThrowsSignatureDoesNotMatch()
    {
        var key = Key;
        var final = AwsChunkedBody.ChunkSignature(key, Sig, Seed, []);
        var body = Encoding.ASCII.GetBytes($"0;chunk-signature={final}\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");

        AssertDecodeFails(body, AwsChunkedMode.SignedChunksWithTrailer, "SignatureDoesNotMatch", decodedLength: 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(70_000)]
    public void TruncatedBody_ThrowsIncompleteBody(int missingBytes)
    {
        var body = Body(AwsChunkedMode.SignedChunks, Data, 65536);

        AssertDecodeFails(body[..^missingBytes], AwsChunkedMode.SignedChunks, "IncompleteBody");
    }

    [Theory]
    [InlineData("zz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("\r\n")]
    [InlineData("-1\r\n")]
    [InlineData("10000000000000000\r\n")]
    public void InvalidChunkSize_ThrowsInvalidChunkSizeError(string body)
    {
        AssertDecodeFails(Encoding.ASCII.GetBytes(body), AwsChunkedMode.UnsignedWithTrailer, "InvalidChunkSizeError", decodedLength: null);
    }

    [Theory]
    [InlineData("3\r\nabcd\r\n0\r\n\r\n")]
    [InlineData("3\nabc\r\n0\r\n\r\n")]
    [InlineData("3\r\nabc\r\n0\r\nnot-a-header\r\n\r\n")]
    [InlineData("3\r\nabc\r\n0\r\n\r\nextra")]
    public void MalformedFraming_ThrowsIncompleteBody(string body)
    {
        AssertDecodeFails(Encoding.ASCII.GetBytes(body), AwsChunkedMode.UnsignedWithTrailer, "IncompleteBody", decodedLength: null);
    }

    [Fact]
    public void SignedChunkWithoutSignature_ThrowsIncompleteBody()
    {
        AssertDecodeFails(Encoding.ASCII.GetBytes("3\r\nabc\r\n"), AwsChunkedMode.SignedChunks, "IncompleteBody", decodedLength: null);
    }

    [Fact]
    public void OverlongHeaderLine_ThrowsIncompleteBody()
    {
        AssertDecodeFails(Encoding.ASCII.GetBytes("3;" + new string('x', 10_000) + "\r\n"), AwsChunkedMode.UnsignedWithTrailer, "IncompleteBody", decodedLength: null);
    }

    [Theory]
    [InlineData(199_999)]
    [InlineData(200_001)]
    public void DecodedLengthOtherThanDeclared_ThrowsIncompleteBody(long declared)
    {
        AssertDecodeFails(Body(AwsChunkedMode.SignedChunks, Data, 65536), AwsChunkedMode.SignedChunks, "IncompleteBody", declared);
    }

    [Fact]
    public void UnsignedBodyEndingRightAfterTrailers_IsAccepted()
    {
        var body = Encoding.ASCII.GetBytes("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n");
        using var decoder = new AwsChunkedDecodingStream(new MemoryStream(body), AwsChunkedMode.UnsignedWithTrailer, null, null, null, 3);

        Assert.Equal("abc"u8.ToArray(), AwsChunkedBody.ReadAll(decoder));
        Assert.Equal("NSRBwg==", decoder.Trailers["x-amz-checksum-crc32"]);
    }

    [Fact]
    public void TrailersInSignedChunksMode_AreRejected()
    {
        var final = AwsChunkedBody.ChunkSignature(Key, Sig, Seed, []);
        var body = Encoding.ASCII.GetBytes($"0;chunk-signature={final}\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");

        AssertDecodeFails(body, AwsChunkedMode.SignedChunks, "IncompleteBody", decodedLength: 0);
    }

    [Fact]
    public void ReorderedChunks_BreakTheSignatureChain()
    {
        var first = Data[..65536];
        var second = Data[65536..131072];
        var firstSignature = AwsChunkedBody.ChunkSignature(Key, Sig, Seed, first);
        var secondSignature = AwsChunkedBody.ChunkSignature(Key, Sig, firstSignature, second);
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes($"10000;chunk-signature={secondSignature}\r\n"));
        body.Write(second);
        body.Write(Encoding.ASCII.GetBytes($"\r\n10000;chunk-signature={firstSignature}\r\n"));
        body.Write(first);
        body.Write("\r\n"u8);

        AssertDecodeFails(body.ToArray(), AwsChunkedMode.SignedChunks, "SignatureDoesNotMatch", decodedLength: null);
    }

    [Theory]
    [InlineData(SigV4Constants.StreamingSignedPayload, AwsChunkedMode.SignedChunks)]
    [InlineData(SigV4Constants.StreamingSignedPayloadTrailer, AwsChunkedMode.SignedChunksWithTrailer)]
    [InlineData(SigV4Constants.StreamingUnsignedPayloadTrailer, AwsChunkedMode.UnsignedWithTrailer)]
    [InlineData(SigV4Constants.UnsignedPayload, null)]
    [InlineData(SigV4Constants.EmptyPayloadSha256, null)]
    [InlineData("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", null)]
    public void ModeFor_MapsThePayloadHashLiteral(string payloadHash, AwsChunkedMode? expected)
    {
        Assert.Equal(expected, AwsChunked.ModeFor(payloadHash));
    }

    [Fact]
    public void SignedMode_RequiresTheSigningMaterial()
    {
        Assert.Throws<ArgumentNullException>(() => new AwsChunkedDecodingStream(new MemoryStream(), AwsChunkedMode.SignedChunks, null, Seed, Sig, null));
    }

    [Fact]
    public void Dispose_DisposesTheInnerStreamUnlessLeftOpen()
    {
        var inner = new MemoryStream();
        var kept = new MemoryStream();

        new AwsChunkedDecodingStream(inner, AwsChunkedMode.UnsignedWithTrailer, null, null, null, null).Dispose();
        new AwsChunkedDecodingStream(kept, AwsChunkedMode.UnsignedWithTrailer, null, null, null, null, leaveOpen: true).Dispose();

        Assert.False(inner.CanRead);
        Assert.True(kept.CanRead);
    }

    private static byte[] Body(AwsChunkedMode mode, byte[] data, int chunkSize) => mode switch
    {
        AwsChunkedMode.SignedChunks => AwsChunkedBody.Signed(data, chunkSize, Key, Seed, Sig),
        AwsChunkedMode.SignedChunksWithTrailer => AwsChunkedBody.Signed(data, chunkSize, Key, Seed, Sig, [("x-amz-checksum-crc32", "AAAAAA==")]),
        _ => AwsChunkedBody.Unsigned(data, chunkSize, [("x-amz-checksum-crc32", "AAAAAA==")]),
    };

    private static AwsChunkedDecodingStream Decoder(Stream inner, AwsChunkedMode mode, long? decodedLength) =>
        mode == AwsChunkedMode.UnsignedWithTrailer
            ? new AwsChunkedDecodingStream(inner, mode, null, null, null, decodedLength)
            : new AwsChunkedDecodingStream(inner, mode, Key, Seed, Sig, decodedLength);

    private static void AssertDecodeFails(byte[] body, AwsChunkedMode mode, string code, long? decodedLength = 200_000)
    {
        using var decoder = Decoder(new MemoryStream(body), mode, decodedLength);

        var error = Assert.Throws<SigV4Exception>(() => AwsChunkedBody.ReadAll(decoder));

        Assert.Equal(code, error.Code);
        Assert.Equal(code == "SignatureDoesNotMatch" ? 403 : 400, error.StatusCode);
    }
}
