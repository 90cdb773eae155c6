using static Sagewright.SigV4.Tests.TestSupport;

namespace Sagewright.SigV4.Tests;

public sealed class RoundTripTests
{
    private static readonly DateTimeOffset Now = Time("20250601T120000Z");
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public static TheoryData<string, string> Targets => new()
    {
        { "s3", "http://localhost:9000/bucket/plain.txt" },
        { "s3", "http://localhost:9000/bucket/dir//double/../dots/./key.txt" },
        { "s3", "http://localhost:9000/bucket/encoded%2Fslash%2fand%7e" },
        { "s3", "http://localhost:9000/bucket/with space+plus(1)!*'.txt" },
        { "s3", "http://localhost:9000/bucket/ünïcödé/日本語/🎉.bin" },
        { "s3", "http://localhost:9000/bucket?list-type=2&prefix=a b/ü&delimiter=/&encoding-type=url" },
        { "s3", "http://localhost:9000/bucket/key?uploads" },
        { "s3", "http://[::1]:9000/bucket/ipv6.txt" },
        { "s3", "https://bucket.s3.amazonaws.com/default-port.txt" },
        { "sagemaker", "http://localhost:9000/endpoints/my-endpoint/invocations" },
        { "lambda", "http://localhost:9000/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/invocations?Qualifier=v 1" },
        { "execute-api", "http://localhost:9000/a//b/../c/./d e/ü" },
        { "sts", "http://localhost:9000/?Action=GetCallerIdentity&Version=2011-06-15" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void SignedRequest_Verifies(string service, string url)
    {
        var (request, body) = Signed(service, url, "PUT", "payload"u8.ToArray());

        var sig = ParseAndVerify(request, ExampleSecret, Now, body, s3: service == "s3");

        Assert.Equal(service, sig.Service);
        Assert.False(sig.IsPresigned);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void PresignedUrl_Verifies(string service, string url)
    {
        var signer = new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", service, "session-token/+=");

        var presigned = signer.Presign(HttpMethod.Get, new Uri(url, Verbatim), Now, 900);
        var sig = ParseAndVerify(AsReceived(presigned), ExampleSecret, Now.AddMinutes(10), s3: service == "s3");

        Assert.True(sig.IsPresigned);
        Assert.Equal("session-token/+=", sig.SecurityToken);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void TamperedPath_IsRejected(string service, string url)
    {
        var (request, body) = Signed(service, url, "GET", null);
        var tampered = request with { RawPath = request.RawPath + "x" };

        AssertSignatureMismatch(() => ParseAndVerify(tampered, ExampleSecret, Now, body, s3: service == "s3"));
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("sts")]
    public void TamperedQuery_IsRejected(string service)
    {
        var (request, body) = Signed(service, "http://localhost:9000/bucket?a=1&b=2", "GET", null);

        AssertSignatureMismatch(() => ParseAndVerify(request with { RawQuery = "a=1&b=3" }, ExampleSecret, Now, body, s3: service == "s3"));
        AssertSignatureMismatch(() => ParseAndVerify(request with { RawQuery = "a=1&b=2&c=3" }, ExampleSecret, Now, body, s3: service == "s3"));
        AssertSignatureMismatch(() => ParseAndVerify(request with { RawQuery = "a=1" }, ExampleSecret, Now, body, s3: service == "s3"));
    }

    [Theory]
    [InlineData("host", "evil.example.com")]
    [InlineData("x-amz-meta-owner", "mallory")]
    [InlineData("content-type", "text/html")]
    [InlineData("x-amz-security-token", "another-token")]
    public void TamperedSignedHeader_IsRejected(string header, string value)
    {
        var (request, body) = Signed("s3", "http://localhost:9000/bucket/key", "PUT", "payload"u8.ToArray(), token: "token");

        AssertSignatureMismatch(() => ParseAndVerify(request.WithHeader(header, value), ExampleSecret, Now, body, s3: true));
    }

    [Fact]
    public void UnsignedHeaderAddedInTransit_DoesNotBreakTheSignature()
    {
        var (request, body) = Signed("s3", "http://localhost:9000/bucket/key", "PUT", "payload"u8.ToArray());

        ParseAndVerify(request.WithHeader("User-Agent", "proxy/1.0").WithHeader("X-Forwarded-For", "10.0.0.1"), ExampleSecret, Now, body, s3: true);
    }

    [Fact]
    public void TamperedBodyHash_IsRejected()
    {
        var (request, _) = Signed("s3", "http://localhost:9000/bucket/key", "PUT", "payload"u8.ToArray());

        AssertSignatureMismatch(() => ParseAndVerify(request.WithHeader("x-amz-content-sha256", Sha256Hex("other")), ExampleSecret, Now, s3: true));
    }

    [Fact]
    public void GenericServiceBodyChange_IsRejected()
    {
        var (request, _) = Signed("sts", "http://localhost:9000/", "POST", "Action=GetCallerIdentity&Version=2011-06-15"u8.ToArray());

        AssertSignatureMismatch(() => ParseAndVerify(request, ExampleSecret, Now, "Action=AssumeRole&Version=2011-06-15"u8.ToArray()));
    }

    [Fact]
    public void WrongSecret_IsRejected()
    {
        var (request, body) = Signed("iam", "http://localhost:9000/?Action=ListUsers", "GET", null);

        AssertSignatureMismatch(() => ParseAndVerify(request, ExampleSecret + "x", Now, body));
    }

    [Fact]
    public void TamperedMethod_IsRejected()
    {
        var (request, body) = Signed("s3", "http://localhost:9000/bucket/key", "GET", null);

        AssertSignatureMismatch(() => ParseAndVerify(request with { Method = "DELETE" }, ExampleSecret, Now, body, s3: true));
    }

    [Fact]
    public void SignatureDoesNotMatch_CarriesTheServerSideCanonicalRequest()
    {
        var (request, body) = Signed("s3", "http://localhost:9000/bucket/key", "GET", null);

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(request, "wrong", Now, body, s3: true));

        Assert.StartsWith("GET\n/bucket/key\n", error.CanonicalRequest);
        Assert.StartsWith("AWS4-HMAC-SHA256\n20250601T120000Z\n", error.StringToSign);
        Assert.Equal(ExampleAccessKey, error.AccessKeyId);
        Assert.Equal(64, error.SignatureProvided!.Length);
        Assert.DoesNotContain("Canonical", error.Message);
    }

    [Fact]
    public void GenericSignatureDoesNotMatch_MessageShowsCanonicalStringAsAwsDoes()
    {
        var (request, body) = Signed("sts", "http://localhost:9000/", "POST", "Action=GetCallerIdentity"u8.ToArray());

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(request, "wrong", Now, body));

        Assert.Contains("The Canonical String for this request should have been\n'POST\n/\n", error.Message);
        Assert.Equal(403, error.StatusCode);
    }

    [Fact]
    public void SessionToken_IsSignedAndCarried()
    {
        var (request, body) = Signed("s3", "http://localhost:9000/bucket/key", "GET", null, token: "IQoJb3JpZ2luX2VjE//+token==");

        var sig = ParseAndVerify(request, ExampleSecret, Now, body, s3: true);

        Assert.Equal("IQoJb3JpZ2luX2VjE//+token==", sig.SecurityToken);
        Assert.Contains("x-amz-security-token", sig.SignedHeaders);
    }

    [Fact]
    public void UnsignedPayload_IsSentAndSigned()
    {
        var (request, _) = Signed("s3", "http://localhost:9000/bucket/key", "PUT", null);

        var sig = ParseAndVerify(request, ExampleSecret, Now, s3: true);

        Assert.Equal(SigV4Constants.UnsignedPayload, sig.PayloadHash);
    }

    [Fact]
    public void Verify_ReturnsTheCachedSigningKeyOfTheScope()
    {
        var (request, _) = Signed("iam", "http://localhost:9000/", "GET", []);
        var sig = SigV4Parser.Parse(request)!;

        var key = SigV4Verifier.Verify(request, sig, ExampleSecret, SigV4Constants.EmptyPayloadSha256, normalizePath: true, Now, s3Errors: false);

        Assert.Same(key, SigV4Verifier.SigningKey(ExampleSecret, "20250601", "us-east-1", "iam"));
        Assert.Equal(
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
            Convert.ToHexStringLower(SigV4Verifier.SigningKey(ExampleSecret, "20150830", "us-east-1", "iam")));
    }

    internal static (SigV4Request Request, byte[]? Body) Signed(string service, string url, string method, byte[]? body, string? token = null)
    {
        var message = new HttpRequestMessage(new HttpMethod(method), new Uri(url, Verbatim));
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
        }

        message.Headers.TryAddWithoutValidation("x-amz-meta-owner", "alice");
        new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", service, token).Sign(message, Now, body);
        return (AsReceived(message), body);
    }

    private static void AssertSignatureMismatch(Action verify)
    {
        var error = Assert.Throws<SigV4Exception>(verify);
        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal(403, error.StatusCode);
    }
}
