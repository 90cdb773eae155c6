using static Sagewright.SigV4.Tests.TestSupport;

namespace Sagewright.SigV4.Tests;

/// <summary>The canonical request lines, read through <see cref="SigV4Verifier.CanonicalRequest"/>.</summary>
public sealed class CanonicalRequestTests
{
    [Theory]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("a=2&a=1&a=10", "a=1&a=10&a=2")]
    [InlineData("uploads", "uploads=")]
    [InlineData("acl&versionId=3", "acl=&versionId=3")]
    [InlineData("empty=", "empty=")]
    [InlineData("q=a%20b", "q=a%20b")]
    [InlineData("q=a b", "q=a%20b")]
    [InlineData("q=a+b", "q=a%2Bb")]
    [InlineData("q=%7e%2f%2F~", "q=~%2F%2F~")]
    [InlineData("q=ü", "q=%C3%BC")]
    [InlineData("q=%c3%bc", "q=%C3%BC")]
    [InlineData("q=!*'()", "q=%21%2A%27%28%29")]
    [InlineData("q=100%", "q=100%25")]
    [InlineData("B=1&a=1&_=1", "B=1&_=1&a=1")]
    [InlineData("a%2Db=1&a-a=1", "a-a=1&a-b=1")]
    [InlineData("a=1&&b=2&", "a=1&b=2")]
    [InlineData("", "")]
    public void QueryString_IsEncodedAndSorted(string rawQuery, string expected)
    {
        Assert.Equal(expected, Line(Request("GET", "/", rawQuery, ("Host", "h")), 2, normalizePath: true));
    }

    [Fact]
    public void QueryString_OfPresignedRequestOmitsOnlyTheSignature()
    {
        var request = Request("GET", "/", "X-Amz-Signature=abc&b=1&X-Amz-Date=20250101T000000Z", ("Host", "h"));

        Assert.Equal("X-Amz-Date=20250101T000000Z&b=1", Line(request, 2, normalizePath: false, presigned: true));
        Assert.Equal("X-Amz-Date=20250101T000000Z&X-Amz-Signature=abc&b=1", Line(request, 2, normalizePath: false));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/a//b/../c/./d", "/a/c/d")]
    [InlineData("//a//", "/a/")]
    [InlineData("/a/b/", "/a/b/")]
    [InlineData("/..", "/")]
    [InlineData("/a/../..", "/")]
    [InlineData("/./", "/")]
    [InlineData("/a%20b", "/a%2520b")]
    [InlineData("/a%2Fb", "/a%252Fb")]
    [InlineData("/arn%3Aaws%3As3", "/arn%253Aaws%253As3")]
    [InlineData("/%C3%BC", "/%25C3%25BC")]
    [InlineData("/~user/-_.", "/~user/-_.")]
    [InlineData("/2015-03-31/functions", "/2015-03-31/functions")]
    [InlineData("/a/.b/..c/d.", "/a/.b/..c/d.")]
    [InlineData("/a/b/..", "/a")]
    [InlineData("/a/.", "/a")]
    [InlineData("/a/./b", "/a/b")]
    [InlineData("/a/b//", "/a/b/")]
    public void Path_OfOtherServicesIsNormalizedAndEncodedAgain(string rawPath, string expected)
    {
        Assert.Equal(expected, Line(Request("GET", rawPath, "", ("Host", "h")), 1, normalizePath: true));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/bucket/a//b/../c/./d", "/bucket/a//b/../c/./d")]
    [InlineData("/bucket/a%2Fb", "/bucket/a%2Fb")]
    [InlineData("/bucket/a%20b%2B%C3%BC", "/bucket/a%20b%2B%C3%BC")]
    [InlineData("/bucket/", "/bucket/")]
    public void Path_OfS3IsSignedAsSent(string rawPath, string expected)
    {
        Assert.Equal(expected, Line(Request("GET", rawPath, "", ("Host", "h")), 1, normalizePath: false));
    }

    [Fact]
    public void HeaderValues_AreTrimmedWithInnerWhitespaceCollapsed()
    {
        var request = Request(
            "GET", "/", "",
            ("Host", " h "),
            ("X-Amz-Meta-Spaces", "  a   b \t c  "),
            ("x-amz-meta-quoted", "\"a   b\""));

        var canonical = SigV4Verifier.CanonicalRequest(request, Signature("host", "x-amz-meta-quoted", "x-amz-meta-spaces"), "h", normalizePath: true);

        Assert.Contains("\nhost:h\nx-amz-meta-quoted:\"a b\"\nx-amz-meta-spaces:a b c\n\n", canonical);
    }

    [Fact]
    public void RepeatedHeaders_JoinWithCommasInArrivalOrder()
    {
        var request = Request("GET", "/", "", ("Host", "h"), ("X-Amz-Meta-A", "2"), ("x-amz-meta-a", " 1 "));

        var canonical = SigV4Verifier.CanonicalRequest(request, Signature("host", "x-amz-meta-a"), "h", normalizePath: true);

        Assert.Contains("\nx-amz-meta-a:2,1\n", canonical);
    }

    [Fact]
    public void SignedHeaderMissingFromRequest_SignsAnEmptyValue()
    {
        var canonical = SigV4Verifier.CanonicalRequest(Request("GET", "/", "", ("Host", "h")), Signature("host", "x-amz-meta-absent"), "h", normalizePath: true);

        Assert.EndsWith("host:h\nx-amz-meta-absent:\n\nhost;x-amz-meta-absent\nh", canonical);
    }

    private static string Line(SigV4Request request, int index, bool normalizePath, bool presigned = false) =>
        SigV4Verifier.CanonicalRequest(request, Signature("host") with { IsPresigned = presigned }, "h", normalizePath).Split('\n')[index];

    private static ParsedSignature Signature(params string[] signedHeaders) =>
        new("AKID", Time("20250101T000000Z"), "20250101", "us-east-1", "iam", signedHeaders, "sig", false, null, null, null);
}
