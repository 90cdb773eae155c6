using System.Text;
using static Sagewright.SigV4.Tests.TestSupport;

namespace Sagewright.SigV4.Tests;

/// <summary>The worked examples of the AWS S3 "Signature Calculations" pages and of the SigV4 general documentation.</summary>
public sealed class AwsDocumentationVectorsTests
{
    private static readonly DateTimeOffset S3ExampleTime = Time("20130524T000000Z");

    [Fact]
    public void S3GetWithRange_MatchesDocumentedCanonicalRequestAndSignature()
    {
        var request = Request(
            "GET", "/test.txt", "",
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", SigV4Constants.EmptyPayloadSha256),
            ("x-amz-date", "20130524T000000Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));

        var sig = SigV4Parser.Parse(request, s3Errors: true)!;
        var canonical = SigV4Verifier.CanonicalRequest(request, sig, sig.PayloadHash!, normalizePath: false);

        Assert.Equal(
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n" +
            $"x-amz-content-sha256:{SigV4Constants.EmptyPayloadSha256}\nx-amz-date:20130524T000000Z\n\n" +
            $"host;range;x-amz-content-sha256;x-amz-date\n{SigV4Constants.EmptyPayloadSha256}",
            canonical);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            SigV4Verifier.StringToSign(sig, canonical));
        SigV4Verifier.Verify(request, sig, S3ExampleSecret, sig.PayloadHash!, normalizePath: false, S3ExampleTime, s3Errors: true);
    }

    [Fact]
    public void S3PresignedGet_VerifiesAndSignerReproducesDocumentedUrl()
    {
        const string Signature = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        var url = new Uri(
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=" + Signature);

        var sig = ParseAndVerify(AsReceived(url), S3ExampleSecret, S3ExampleTime.AddHours(1), s3: true);
        Assert.True(sig.IsPresigned);
        Assert.Equal(86400, sig.ExpiresSeconds);
        Assert.Equal(SigV4Constants.UnsignedPayload, sig.PayloadHash);

        var signer = new SigV4Signer(S3ExampleAccessKey, S3ExampleSecret, "us-east-1", "s3");
        var presigned = signer.Presign(HttpMethod.Get, new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), S3ExampleTime, 86400);
        Assert.Equal(url.AbsoluteUri, presigned.AbsoluteUri);
    }

    [Fact]
    public void S3ChunkedUpload_SeedSignatureVerifiesAndBodyDecodesThroughEveryChunkSignature()
    {
        var (request, sig) = ChunkedUploadRequest(SigV4Constants.StreamingSignedPayload, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        var signingKey = SigV4Verifier.Verify(request, sig, S3ExampleSecret, sig.PayloadHash!, normalizePath: false, S3ExampleTime, s3Errors: true);

        var body = DocumentedChunks(finalChunkEnd: "\r\n");
        Assert.Equal(66824, body.Length);
        using var decoder = new AwsChunkedDecodingStream(new MemoryStream(body), AwsChunkedMode.SignedChunks, signingKey, sig.Signature, sig, 66560);

        var decoded = AwsChunkedBody.ReadAll(decoder);

        Assert.Equal(66560, decoded.Length);
        Assert.All(decoded, b => Assert.Equal((byte)'a', b));
    }

    [Fact]
    public void S3ChunkedUpload_ChunkSignaturesMatchDocumentedChain()
    {
        var (_, sig) = ChunkedUploadRequest(SigV4Constants.StreamingSignedPayload, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        var key = SigV4Verifier.SigningKey(S3ExampleSecret, "20130524", "us-east-1", "s3");

        var first = AwsChunkedBody.ChunkSignature(key, sig, sig.Signature, Enumerable.Repeat((byte)'a', 65536).ToArray());
        var second = AwsChunkedBody.ChunkSignature(key, sig, first, Enumerable.Repeat((byte)'a', 1024).ToArray());
        var final = AwsChunkedBody.ChunkSignature(key, sig, second, []);

        Assert.Equal("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648", first);
        Assert.Equal("0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497", second);
        Assert.Equal("b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", final);
    }

    [Fact]
    public void S3ChunkedUploadWithTrailer_VerifiesDocumentedTrailerSignatureAndExposesTrailers()
    {
        var (_, sig) = ChunkedUploadRequest(SigV4Constants.StreamingSignedPayloadTrailer, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        var key = SigV4Verifier.SigningKey(S3ExampleSecret, "20130524", "us-east-1", "s3");
        var body = DocumentedChunks(
            finalChunkEnd: "first:1st\r\nsecond:2nd\r\nthird:3rd\r\n" +
                           "x-amz-trailer-signature:df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c\r\n\r\n");
        using var decoder = new AwsChunkedDecodingStream(new MemoryStream(body), AwsChunkedMode.SignedChunksWithTrailer, key, sig.Signature, sig, 66560);

        Assert.Equal(66560, AwsChunkedBody.ReadAll(decoder).Length);
        Assert.Equal(new Dictionary<string, string> { ["first"] = "1st", ["second"] = "2nd", ["third"] = "3rd" }, decoder.Trailers);
    }

    [Fact]
    public void IamListUsers_GenericServiceExampleVerifies()
    {
        var request = Request(
            "GET", "/", "Action=ListUsers&Version=2010-05-08",
            ("Host", "iam.amazonaws.com"),
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));

        var sig = SigV4Parser.Parse(request)!;
        var canonical = SigV4Verifier.CanonicalRequest(request, sig, SigV4Constants.EmptyPayloadSha256, normalizePath: true);

        Assert.Null(sig.PayloadHash);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
            SigV4Verifier.StringToSign(sig, canonical));
        SigV4Verifier.Verify(request, sig, ExampleSecret, SigV4Constants.EmptyPayloadSha256, normalizePath: true, Time("20150830T123600Z"), s3Errors: false);
    }

    [Fact]
    public void IamListUsers_SignerProducesDocumentedSignature()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08")
        {
            Content = new ByteArrayContent([]),
        };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");

        new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", "iam").Sign(message, Time("20150830T123600Z"), []);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            string.Join(",", message.Headers.GetValues("Authorization")));
    }

    private static (SigV4Request Request, ParsedSignature Sig) ChunkedUploadRequest(string payloadMode, string signature)
    {
        var request = Request(
            "PUT", "/examplebucket/chunkObject.txt", "",
            ("Host", "s3.amazonaws.com"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=" + signature),
            ("x-amz-content-sha256", payloadMode),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "66560"),
            ("Content-Length", "66824"));
        return (request, SigV4Parser.Parse(request, s3Errors: true)!);
    }

    /// <summary>The body of the S3 chunked upload example, with the documented chunk signatures; <paramref name="finalChunkEnd"/>
    /// follows the final chunk's header line.</summary>
    private static byte[] DocumentedChunks(string finalChunkEnd)
    {
        var body = new MemoryStream();
        void Text(string text) => body.Write(Encoding.ASCII.GetBytes(text));
        Text("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 65536).ToArray());
        Text("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 1024).ToArray());
        Text("\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n" + finalChunkEnd);
        return body.ToArray();
    }
}
