using static Sagewright.SigV4.Tests.TestSupport;

namespace Sagewright.SigV4.Tests;

public sealed class SigV4ParserTests
{
    private const string Credential = "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request";
    private const string Signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    [Fact]
    public void RequestWithoutAuthentication_ParsesToNull()
    {
        Assert.Null(SigV4Parser.Parse(Request("GET", "/bucket/key", "prefix=X-Amz-Date", ("Host", "h"))));
    }

    [Theory]
    [InlineData(true, "AccessDenied", "Access Denied")]
    [InlineData(false, "MissingAuthenticationToken", "Missing Authentication Token")]
    public void MissingAuthentication_UsesTheServiceVocabulary(bool s3Errors, string code, string message)
    {
        var error = SigV4Exception.MissingAuthentication(s3Errors);

        Assert.Equal((code, message, 403), (error.Code, error.Message, error.StatusCode));
    }

    [Theory]
    [InlineData("AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=")]
    [InlineData("AWS4-ECDSA-P256-SHA256 Credential=AKID/20250101/s3/aws4_request, SignedHeaders=host, Signature=3045")]
    [InlineData("Bearer token")]
    public void OtherAuthorizationSchemes_AreUnsupported(string authorization)
    {
        var error = Parse(authorization);

        Assert.Equal("InvalidRequest", error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.", error.Message);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256")]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Credential + ", SignedHeaders=host")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Credential + ", Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Credential + ", SignedHeaders=host, Signature")]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Credential + ", Credential=" + Credential + ", SignedHeaders=host, Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam, SignedHeaders=host, Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws5_request, SignedHeaders=host, Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015-08-30/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Credential + ", SignedHeaders=host;;x-amz-date, Signature=" + Signature)]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Credential + ", SignedHeaders=, Signature=" + Signature)]
    public void MalformedAuthorizationHeader_IsIncompleteSignatureOrAuthorizationHeaderMalformed(string authorization)
    {
        var generic = Parse(authorization);
        var s3 = Parse(authorization, s3Errors: true);

        Assert.Equal(("IncompleteSignature", 400), (generic.Code, generic.StatusCode));
        Assert.Equal(("AuthorizationHeaderMalformed", 400), (s3.Code, s3.StatusCode));
    }

    [Fact]
    public void MissingComponents_AreNamedAsAwsDoes()
    {
        var error = Parse("AWS4-HMAC-SHA256 SignedHeaders=host");

        Assert.StartsWith(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256",
            error.Message);
    }

    [Fact]
    public void ComponentsWithOrWithoutSpaces_Parse()
    {
        var sig = SigV4Parser.Parse(Header(
            $"AWS4-HMAC-SHA256   Credential={Credential},SignedHeaders=Host;X-Amz-Date ,  Signature={Signature}"))!;

        Assert.Equal(("AKIDEXAMPLE", "20150830", "us-east-1", "iam"), (sig.AccessKeyId, sig.Date, sig.Region, sig.Service));
        Assert.Equal(["host", "x-amz-date"], sig.SignedHeaders);
        Assert.Equal(Signature, sig.Signature);
        Assert.Equal(Time("20150830T123600Z"), sig.RequestTime);
        Assert.Equal("20150830/us-east-1/iam/aws4_request", sig.CredentialScope);
        Assert.False(sig.IsPresigned);
        Assert.Null(sig.ExpiresSeconds);
    }

    [Fact]
    public void RepeatedAuthorizationHeader_IsMalformed()
    {
        var single = Header(Authorization());
        var request = single with { Headers = [.. single.Headers, new("authorization", Authorization())] };

        Assert.Equal("IncompleteSignature", Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(request)).Code);
    }

    [Fact]
    public void MissingDate_IsReportedInTheServiceVocabulary()
    {
        var request = Request("GET", "/", "", ("Host", "h"), ("Authorization", Authorization()));

        var generic = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(request));
        var s3 = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(request.WithHeader("x-amz-content-sha256", SigV4Constants.UnsignedPayload), s3Errors: true));

        Assert.Equal(("IncompleteSignature", 400), (generic.Code, generic.StatusCode));
        Assert.StartsWith("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", generic.Message);
        Assert.Equal(("AccessDenied", 403), (s3.Code, s3.StatusCode));
    }

    [Fact]
    public void MalformedAmzDate_IsIncompleteSignature()
    {
        var error = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(Header(Authorization()).WithHeader("X-Amz-Date", "2015-08-30T12:36:00Z")));

        Assert.Equal("IncompleteSignature", error.Code);
        Assert.Equal("Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601", error.Message);
    }

    [Fact]
    public void HttpDateHeader_IsTheRequestTimeWhenXAmzDateIsAbsent()
    {
        var request = Request("GET", "/", "", ("Host", "h"), ("Date", "Sun, 30 Aug 2015 12:36:00 GMT"), ("Authorization", Authorization()));

        Assert.Equal(Time("20150830T123600Z"), SigV4Parser.Parse(request)!.RequestTime);
    }

    [Fact]
    public void CredentialDateOtherThanRequestDate_IsRejected()
    {
        var request = Header(Authorization()).WithHeader("X-Amz-Date", "20150831T000000Z");

        var generic = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(request));
        var s3 = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(request.WithHeader("x-amz-content-sha256", SigV4Constants.UnsignedPayload), s3Errors: true));

        Assert.Equal("SignatureDoesNotMatch", generic.Code);
        Assert.Equal(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150831', from '20150831T000000Z'.",
            generic.Message);
        Assert.Equal("AuthorizationHeaderMalformed", s3.Code);
    }

    [Fact]
    public void S3HeaderSignedRequest_RequiresAValidContentSha256()
    {
        var missing = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(Header(Authorization()), s3Errors: true));
        var invalid = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(Header(Authorization()).WithHeader("x-amz-content-sha256", "abc"), s3Errors: true));

        Assert.Equal(("InvalidRequest", 400), (missing.Code, missing.StatusCode));
        Assert.Equal(("InvalidArgument", 400), (invalid.Code, invalid.StatusCode));
    }

    [Fact]
    public void S3CredentialScope_SwitchesToS3RulesWithoutTheFlag()
    {
        var s3Authorization = Authorization().Replace("/iam/", "/s3/", StringComparison.Ordinal);

        var missingHash = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(Header(s3Authorization)));
        var wrongDate = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(
            Header(s3Authorization).WithHeader("X-Amz-Date", "20150831T000000Z").WithHeader("x-amz-content-sha256", SigV4Constants.UnsignedPayload)));

        Assert.Equal("InvalidRequest", missingHash.Code);
        Assert.Equal("AuthorizationHeaderMalformed", wrongDate.Code);
    }

    [Theory]
    [InlineData(SigV4Constants.UnsignedPayload)]
    [InlineData(SigV4Constants.StreamingSignedPayload)]
    [InlineData(SigV4Constants.StreamingSignedPayloadTrailer)]
    [InlineData(SigV4Constants.StreamingUnsignedPayloadTrailer)]
    [InlineData(SigV4Constants.EmptyPayloadSha256)]
    public void S3PayloadHash_IsTheHeaderValue(string payloadHash)
    {
        Assert.Equal(payloadHash, SigV4Parser.Parse(Header(Authorization()).WithHeader("X-Amz-Content-Sha256", payloadHash), s3Errors: true)!.PayloadHash);
    }

    [Fact]
    public void GenericRequestWithoutContentSha256_LeavesThePayloadHashToTheCaller()
    {
        Assert.Null(SigV4Parser.Parse(Header(Authorization()))!.PayloadHash);
    }

    [Fact]
    public void HeaderAndQueryAuthenticationTogether_AreRejected()
    {
        var request = Header(Authorization()) with { RawQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc" };

        Assert.Equal("InvalidArgument", Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(request, s3Errors: true)).Code);
    }

    [Theory]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20130524T000000Z")]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA1&X-Amz-Credential=A%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=1&X-Amz-SignedHeaders=host&X-Amz-Signature=a")]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=A%2F20130524%2Fus-east-1&X-Amz-Date=20130524T000000Z&X-Amz-Expires=1&X-Amz-SignedHeaders=host&X-Amz-Signature=a")]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=A%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=2013-05-24&X-Amz-Expires=1&X-Amz-SignedHeaders=host&X-Amz-Signature=a")]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=A%2F20130525%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=1&X-Amz-SignedHeaders=host&X-Amz-Signature=a")]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=A%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=1&X-Amz-SignedHeaders=host&X-Amz-Signature=a&X-Amz-Signature=b")]
    public void MalformedPresignedQuery_IsAuthorizationQueryParametersError(string query)
    {
        var error = Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(Request("GET", "/b/k", query, ("Host", "h")), s3Errors: true));

        Assert.Equal(("AuthorizationQueryParametersError", 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public void HostMissingFromSignedHeaders_IsRejectedBeforeTheSignatureIsChecked()
    {
        var request = Header(Authorization(signedHeaders: "x-amz-date"));
        var sig = SigV4Parser.Parse(request)!;

        var generic = Assert.Throws<SigV4Exception>(() => SigV4Verifier.Verify(request, sig, ExampleSecret, "h", true, sig.RequestTime, false));
        var s3 = Assert.Throws<SigV4Exception>(() => SigV4Verifier.Verify(request, sig, ExampleSecret, "h", false, sig.RequestTime, true));
        var presigned = Assert.Throws<SigV4Exception>(() => SigV4Verifier.Verify(request, sig with { IsPresigned = true, ExpiresSeconds = 60 }, ExampleSecret, "h", false, sig.RequestTime, true));

        Assert.Equal(("IncompleteSignature", 400), (generic.Code, generic.StatusCode));
        Assert.Equal(("AuthorizationHeaderMalformed", 400), (s3.Code, s3.StatusCode));
        Assert.Equal(("AuthorizationQueryParametersError", 400), (presigned.Code, presigned.StatusCode));
    }

    [Fact]
    public void PresignedS3Request_WithUnsignedAmzHeaders_IsAccessDenied()
    {
        var url = new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", "s3")
            .Presign(HttpMethod.Put, new Uri("http://localhost:9000/bucket/key"), Time("20250101T000000Z"), 60);
        var request = AsReceived(url, ("x-amz-acl", "public-read")) with { Method = "PUT" };

        var error = Assert.Throws<SigV4Exception>(() => ParseAndVerify(request, ExampleSecret, Time("20250101T000000Z"), s3: true));

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal("There were headers present in the request which were not signed: x-amz-acl", error.Message);
    }

    [Fact]
    public void PresignedStsUrl_LeavesThePayloadHashToTheCaller()
    {
        var url = new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", "sts")
            .Presign(HttpMethod.Get, new Uri("http://localhost:9000/?Action=GetCallerIdentity&Version=2011-06-15"), Time("20250101T000000Z"), 60);

        var sig = ParseAndVerify(AsReceived(url), ExampleSecret, Time("20250101T000000Z"));

        Assert.Null(sig.PayloadHash);
    }

    [Theory]
    [InlineData("eu-west-1", "iam", false, "SignatureDoesNotMatch", "Credential should be scoped to a valid region, not 'us-east-1'. ")]
    [InlineData("us-east-1", "sts", false, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. ")]
    [InlineData("eu-west-1", "iam", true, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'")]
    public void RequireScope_RejectsAnotherRegionOrService(string region, string service, bool s3Errors, string code, string message)
    {
        var sig = SigV4Parser.Parse(Header(Authorization()))!;

        var error = Assert.Throws<SigV4Exception>(() => SigV4Verifier.RequireScope(sig, region, service, s3Errors));

        Assert.Equal((code, message), (error.Code, error.Message));
    }

    [Fact]
    public void RequireScope_AcceptsTheMatchingScope()
    {
        SigV4Verifier.RequireScope(SigV4Parser.Parse(Header(Authorization()))!, "us-east-1", "iam", s3Errors: false);
    }

    private static string Authorization(string signedHeaders = "host;x-amz-date") =>
        $"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders={signedHeaders}, Signature={Signature}";

    private static SigV4Request Header(string authorization) =>
        Request("GET", "/", "", ("Host", "iam.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"), ("Authorization", authorization));

    private static SigV4Exception Parse(string authorization, bool s3Errors = false) =>
        Assert.Throws<SigV4Exception>(() => SigV4Parser.Parse(
            Header(authorization).WithHeader("x-amz-content-sha256", SigV4Constants.EmptyPayloadSha256), s3Errors));
}
