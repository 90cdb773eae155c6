using static Sagewright.SigV4.Tests.TestSupport;

namespace Sagewright.SigV4.Tests;

public sealed class RequestTimeRulesTests
{
    private static readonly DateTimeOffset SignedAt = Time("20130524T000000Z");

    [Theory]
    [InlineData(-15 * 60)]
    [InlineData(0)]
    [InlineData(15 * 60)]
    public void HeaderSignedRequest_WithinFifteenMinutes_Verifies(int skewSeconds)
    {
        var (request, body) = Signed("s3");

        ParseAndVerify(request, ExampleSecret, SignedAt.AddSeconds(skewSeconds), body, s3: true);
    }

    [Theory]
    [InlineData(15 * 60 + 1)]
    [InlineData(-15 * 60 - 1)]
    public void HeaderSignedS3Request_SkewedMoreThanFifteenMinutes_IsRequestTimeTooSkewed(int skewSeconds)
    {
        var (request, body) = Signed("s3");

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(request, ExampleSecret, SignedAt.AddSeconds(skewSeconds), body, s3: true));

        Assert.Equal("RequestTimeTooSkewed", error.Code);
        Assert.Equal(403, error.StatusCode);
    }

    [Fact]
    public void HeaderSignedStsRequest_TooOld_IsSignatureExpiredAsAwsWordsIt()
    {
        var (request, body) = Signed("sts");

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(request, ExampleSecret, Time("20130524T003000Z"), body));

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal("Signature expired: 20130524T000000Z is now earlier than 20130524T001500Z (20130524T003000Z - 15 min.)", error.Message);
    }

    [Fact]
    public void HeaderSignedStsRequest_FromTheFuture_IsSignatureNotYetCurrent()
    {
        var (request, body) = Signed("sts");

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(request, ExampleSecret, Time("20130523T234000Z"), body));

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal("Signature not yet current: 20130524T000000Z is still later than 20130523T235500Z (20130523T234000Z + 15 min.)", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3600)]
    public void PresignedUrl_UntilItsExpiry_Verifies(int secondsAfterSigning)
    {
        var url = Presigned("s3", 3600);

        ParseAndVerify(AsReceived(url), ExampleSecret, SignedAt.AddSeconds(secondsAfterSigning), s3: true);
    }

    [Fact]
    public void PresignedS3Url_AfterItsExpiry_IsAccessDeniedRequestHasExpired()
    {
        var url = Presigned("s3", 3600);

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(AsReceived(url), ExampleSecret, SignedAt.AddSeconds(3601), s3: true));

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal("Request has expired", error.Message);
        Assert.Equal(403, error.StatusCode);
    }

    [Fact]
    public void PresignedStsUrl_AfterItsExpiry_IsSignatureExpired()
    {
        var url = Presigned("sts", 60);

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(AsReceived(url), ExampleSecret, SignedAt.AddSeconds(61)));

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.StartsWith("Signature expired: 20130524T000000Z", error.Message);
    }

    [Fact]
    public void PresignedUrl_DatedMoreThanFifteenMinutesAhead_IsNotValidYet()
    {
        var url = Presigned("s3", 3600);

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(AsReceived(url), ExampleSecret, SignedAt.AddMinutes(-16), s3: true));

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal("Request is not valid yet", error.Message);
    }

    [Fact]
    public void PresignedUrl_ValidForAWeek_IsAccepted()
    {
        var url = Presigned("s3", 604800);

        var sig = ParseAndVerify(AsReceived(url), ExampleSecret, SignedAt.AddDays(7), s3: true);

        Assert.Equal(604800, sig.ExpiresSeconds);
    }

    [Theory]
    [InlineData("604801", "X-Amz-Expires must be less than a week (in seconds) that is; the maximum expires is 604800 seconds")]
    [InlineData("-1", "X-Amz-Expires must be non-negative")]
    [InlineData("soon", "X-Amz-Expires should be a number")]
    public void PresignedUrl_WithInvalidExpires_IsAuthorizationQueryParametersError(string expires, string message)
    {
        var url = Presigned("s3", 3600).AbsoluteUri.Replace("X-Amz-Expires=3600", "X-Amz-Expires=" + expires, StringComparison.Ordinal);

        var error = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(AsReceived(new Uri(url)), s3Errors: true));

        Assert.Equal("AuthorizationQueryParametersError", error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Verify_OfHandBuiltPresignedSignatureBeyondAWeek_IsRejected()
    {
        var request = AsReceived(Presigned("s3", 3600));
        var sig = SigV4Parser.Parse(request, s3Errors: true)! with { ExpiresSeconds = 604801 };

        var error = Assert.Throws<SigV4Exception>(() => SigV4Verifier.Verify(request, sig, ExampleSecret, sig.PayloadHash!, false, SignedAt, true));

        Assert.Equal("AuthorizationQueryParametersError", error.Code);
    }

    [Fact]
    public void Signer_RefusesToPresignBeyondAWeek()
    {
        var signer = new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", "s3");

        Assert.Throws<ArgumentOutOfRangeException>(() => signer.Presign(HttpMethod.Get, new Uri("http://localhost/b/k"), SignedAt, 604801));
    }

    private static (SigV4Request Request, byte[] Body) Signed(string service)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, "http://localhost:9000/bucket/key");
        new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", service).Sign(message, SignedAt, []);
        return (AsReceived(message), []);
    }

    private static Uri Presigned(string service, int expires) =>
        new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", service).Presign(HttpMethod.Get, new Uri("http://localhost:9000/bucket/key"), SignedAt, expires);
}
