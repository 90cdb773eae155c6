using Microsoft.AspNetCore.Http;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;
using Sagewright.Protocol.Tests.RestSupport;

namespace Sagewright.Protocol.Tests;

public sealed class RestOperationMatcherTests
{
    private static readonly RestOperationMatcher S3 = new([RestModels.Service("s3")]);

    private static RestMatch? Match(RestOperationMatcher matcher, string method, string target, params (string Name, string Value)[] headers)
    {
        var question = target.IndexOf('?');
        var (path, query) = question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
        var headerDictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            headerDictionary[name] = value;
        }
        return matcher.Match(method, path, new RawTarget(path, query).DecodedQuery(), headerDictionary);
    }

    private static string? S3Operation(string method, string target, params (string, string)[] headers) =>
        Match(S3, method, target, headers)?.Operation.Name;

    [Theory]
    [InlineData("GET", "/", "ListBuckets")]
    [InlineData("GET", "/my-bucket", "ListObjects")]
    [InlineData("GET", "/my-bucket/", "ListObjects")]
    [InlineData("GET", "/my-bucket?list-type=2&prefix=a", "ListObjectsV2")]
    [InlineData("GET", "/my-bucket?list-type=1", "ListObjects")]
    [InlineData("GET", "/my-bucket?versions", "ListObjectVersions")]
    [InlineData("GET", "/my-bucket?uploads", "ListMultipartUploads")]
    [InlineData("GET", "/my-bucket?location", "GetBucketLocation")]
    [InlineData("GET", "/my-bucket?lifecycle", "GetBucketLifecycleConfiguration")]
    [InlineData("PUT", "/my-bucket?notification", "PutBucketNotificationConfiguration")]
    [InlineData("GET", "/my-bucket?analytics", "ListBucketAnalyticsConfigurations")]
    [InlineData("GET", "/my-bucket?analytics&id=report", "GetBucketAnalyticsConfiguration")]
    [InlineData("PUT", "/my-bucket", "CreateBucket")]
    [InlineData("HEAD", "/my-bucket", "HeadBucket")]
    [InlineData("DELETE", "/my-bucket", "DeleteBucket")]
    [InlineData("POST", "/my-bucket?delete", "DeleteObjects")]
    [InlineData("GET", "/my-bucket/key", "GetObject")]
    [InlineData("HEAD", "/my-bucket/key", "HeadObject")]
    [InlineData("GET", "/my-bucket/key?acl", "GetObjectAcl")]
    [InlineData("GET", "/my-bucket/key?tagging", "GetObjectTagging")]
    [InlineData("GET", "/my-bucket/key?uploadId=u1", "ListParts")]
    [InlineData("GET", "/my-bucket/key?versionId=v1", "GetObject")]
    [InlineData("PUT", "/my-bucket/key", "PutObject")]
    [InlineData("PUT", "/my-bucket/key?partNumber=1&uploadId=u1", "UploadPart")]
    [InlineData("POST", "/my-bucket/key?uploads", "CreateMultipartUpload")]
    [InlineData("POST", "/my-bucket/key?uploadId=u1", "CompleteMultipartUpload")]
    [InlineData("POST", "/my-bucket/key?select&select-type=2", "SelectObjectContent")]
    [InlineData("POST", "/my-bucket/key?restore", "RestoreObject")]
    [InlineData("DELETE", "/my-bucket/key", "DeleteObject")]
    [InlineData("DELETE", "/my-bucket/key?uploadId=u1", "AbortMultipartUpload")]
    public void Match_S3Request_PicksTheMostSpecificOperation(string method, string target, string operation)
    {
        Assert.Equal(operation, S3Operation(method, target));
    }

    [Fact]
    public void Match_CopySourceHeader_PicksCopyObjectOverPutObject()
    {
        Assert.Equal("CopyObject", S3Operation("PUT", "/b/k", ("x-amz-copy-source", "src/k")));
        Assert.Equal("UploadPartCopy", S3Operation("PUT", "/b/k?partNumber=2&uploadId=u", ("x-amz-copy-source", "src/k")));
    }

    [Fact]
    public void Match_WithoutHeaders_PrefersTheOperationThatNeedsNone()
    {
        var match = S3.Match("PUT", "/b/k", [], headers: null);

        Assert.Equal("PutObject", match?.Operation.Name);
    }

    [Theory]
    [InlineData("/b/a//b", "a//b")]
    [InlineData("/b/a/../c", "a/../c")]
    [InlineData("/b/./x", "./x")]
    [InlineData("/b/..", "..")]
    [InlineData("/b/a%2Fb", "a/b")]
    [InlineData("/b/a+b", "a+b")]
    [InlineData("/b/a%2Bb", "a+b")]
    [InlineData("/b/a%20b", "a b")]
    [InlineData("/b/%C3%BC%E2%82%AC.txt", "ü€.txt")]
    [InlineData("/b/dir/", "dir/")]
    [InlineData("/b//leading", "/leading")]
    [InlineData("/b//", "/")]
    [InlineData("/b/%25", "%")]
    [InlineData("/b/a%252F", "a%2F")]
    [InlineData("/b/~x%3Fy%23z%26%3D%3B", "~x?y#z&=;")]
    public void Match_TrickyS3Keys_AreDecodedOnceFromTheRawPath(string rawPath, string key)
    {
        var match = S3.Match("GET", rawPath, []);

        Assert.Equal("GetObject", match?.Operation.Name);
        Assert.Equal("b", match!.UriLabels["Bucket"]);
        Assert.Equal(key, match.UriLabels["Key"]);
    }

    [Fact]
    public void Match_BucketWithTrailingSlash_IsTheBucketNotAnEmptyKey()
    {
        var match = S3.Match("GET", "/my-bucket/", [new("list-type", "2")]);

        Assert.Equal("ListObjectsV2", match?.Operation.Name);
        Assert.Equal("my-bucket", match!.UriLabels["Bucket"]);
        Assert.False(match.UriLabels.ContainsKey("Key"));
    }

    [Theory]
    [InlineData("POST", "/endpoints/my-endpoint/invocations", "sagemaker-runtime:InvokeEndpoint")]
    [InlineData("POST", "/endpoints/my-endpoint/async-invocations", "sagemaker-runtime:InvokeEndpointAsync")]
    [InlineData("POST", "/recommendations", "personalize-runtime:GetRecommendations")]
    [InlineData("POST", "/bot/b1/alias/prod/user/u1/text", "lex-runtime:PostText")]
    [InlineData("GET", "/bot/b1/alias/prod/user/u1/session", "lex-runtime:GetSession")]
    [InlineData("GET", "/bot/b1/alias/prod/user/u1/session/", "lex-runtime:GetSession")]
    [InlineData("GET", "/bots/", "lex-models:GetBots")]
    [InlineData("GET", "/bots", "lex-models:GetBots")]
    [InlineData("PUT", "/bots/b1/versions/$LATEST", "lex-models:PutBot")]
    [InlineData("PUT", "/bots/b1/versions/%24LATEST", "lex-models:PutBot")]
    [InlineData("GET", "/bots/b1/versions/$LATEST", "lex-models:GetBot")]
    [InlineData("GET", "/bots/b1/utterances?view=aggregation&bot_versions=1", "lex-models:GetUtterancesView")]
    [InlineData("GET", "/some-bucket", "s3:ListObjects")]
    public void Match_AcrossAllRestServices_LiteralSegmentsBeatLabels(string method, string target, string operation)
    {
        Assert.Equal(operation, Match(RestModels.Matcher, method, target)?.Operation.ToString());
    }

    [Fact]
    public void Match_NonGreedyLabel_IsDecodedOnceAndMayContainASlash()
    {
        var match = Match(RestModels.Matcher, "POST", "/endpoints/my%2Fendpoint%20x/invocations");

        Assert.Equal("my/endpoint x", match!.UriLabels["EndpointName"]);
    }

    [Theory]
    [InlineData("PATCH", "/b/k")]
    [InlineData("GET", "/endpoints/x/invocations/extra/")]
    public void Match_NoTemplateFits_ReturnsNull(string method, string target)
    {
        var matcher = new RestOperationMatcher([RestModels.Service("sagemaker-runtime")]);

        Assert.Null(Match(matcher, method, target));
        Assert.Null(Match(S3, "PATCH", "/b/k"));
    }

    [Fact]
    public void Match_EmptyLabelSegment_DoesNotMatchALabel()
    {
        var matcher = new RestOperationMatcher([RestModels.Service("sagemaker-runtime")]);

        Assert.Null(Match(matcher, "POST", "/endpoints//invocations"));
    }
}
