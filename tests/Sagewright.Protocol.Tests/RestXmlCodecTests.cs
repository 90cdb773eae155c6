using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Tests.RestSupport;

namespace Sagewright.Protocol.Tests;

public sealed class RestXmlCodecTests
{
    private static JsonObject Parse(string method, string target, string body, params (string, string)[] headers)
    {
        var question = target.IndexOf('?');
        var (path, query) = question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
        return RestExchange.Parse(method, path, query, headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)), Encoding.UTF8.GetBytes(body)).Input;
    }

    [Theory]
    [InlineData("<CreateBucketConfiguration><LocationConstraint>eu-west-1</CreateBucketConfiguration>")]
    [InlineData("not xml at all")]
    [InlineData("   ")]
    [InlineData("<CreateBucketConfiguration><LocationConstraint>a</LocationConstraint></CreateBucketConfiguration><Second/>")]
    public void ReadInput_MalformedXml_ThrowsMalformedXML(string body)
    {
        var error = Assert.Throws<AwsServiceException>(() => Parse("PUT", "/my-bucket", body));

        Assert.Equal(("MalformedXML", 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public void ReadInput_DocumentTypeDeclaration_IsRefusedWithoutExpandingEntities()
    {
        const string billionLaughs = """
            <?xml version="1.0"?>
            <!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <Tagging><TagSet><Tag><Key>k</Key><Value>&b;</Value></Tag></TagSet></Tagging>
            """;

        var error = Assert.Throws<AwsServiceException>(() => Parse("PUT", "/my-bucket?tagging", billionLaughs));

        Assert.Equal("MalformedXML", error.Code);
    }

    [Fact]
    public void ReadInput_DocumentOverTheSizeLimit_ThrowsMalformedXML()
    {
        var huge = $"<Tagging><TagSet><Tag><Key>k</Key><Value>{new string('v', (int)XmlShapeReader.MaxDocumentCharacters)}</Value></Tag></TagSet></Tagging>";

        var error = Assert.Throws<AwsServiceException>(() => Parse("PUT", "/my-bucket?tagging", huge));

        Assert.Equal("MalformedXML", error.Code);
    }

    [Fact]
    public void ReadInput_ValueOfTheWrongType_ThrowsMalformedXML()
    {
        const string body = "<CompleteMultipartUpload><Part><ETag>\"e\"</ETag><PartNumber>one</PartNumber></Part></CompleteMultipartUpload>";

        var error = Assert.Throws<AwsServiceException>(() => Parse("POST", "/my-bucket/k?uploadId=u", body));

        Assert.Equal("MalformedXML", error.Code);
    }

    [Fact]
    public void ReadInput_WithoutNamespaceAndWithUnknownElements_ReadsTheKnownMembers()
    {
        const string body = "<Delete><Unknown>x</Unknown><Object><Key>a</Key></Object><Object><Key> b </Key><VersionId>v</VersionId></Object><Quiet>true</Quiet></Delete>";

        var input = Parse("POST", "/my-bucket?delete", body);

        Assert.Equal("""{"Objects":[{"Key":"a"},{"Key":" b ","VersionId":"v"}],"Quiet":true}""", input["Delete"]!.ToJsonString());
    }

    [Fact]
    public void ReadInput_CreateBucketWithoutBody_HasNoConfiguration()
    {
        var input = Parse("PUT", "/my-bucket", "", ("x-amz-acl", "private"));

        Assert.Equal("""{"ACL":"private","Bucket":"my-bucket"}""", input.ToJsonString());
    }

    [Fact]
    public void ReadInput_AwsChunkedUpload_ReportsTheDecodedLengthAndDropsTheChunkedEncoding()
    {
        var input = Parse("PUT", "/my-bucket/k", "", ("Content-Length", "66824"), ("Content-Encoding", "aws-chunked,gzip"),
            ("x-amz-decoded-content-length", "66560"), ("x-amz-meta-Owner", "alice"));

        Assert.Equal(66560, (long)input["ContentLength"]!);
        Assert.Equal("gzip", (string?)input["ContentEncoding"]);
        Assert.Equal("""{"Owner":"alice"}""", input["Metadata"]!.ToJsonString());
        Assert.False(input.ContainsKey("Body"));
    }

    [Fact]
    public void ReadInput_AwsChunkedOnly_HasNoContentEncoding()
    {
        var input = Parse("PUT", "/my-bucket/k", "", ("Content-Encoding", "aws-chunked"), ("x-amz-decoded-content-length", "5"));

        Assert.False(input.ContainsKey("ContentEncoding"));
    }

    [Fact]
    public void ReadInput_QueryIntegerThatIsNotANumber_ThrowsTheServiceValidationError()
    {
        var error = Assert.Throws<AwsServiceException>(() => Parse("GET", "/my-bucket?list-type=2&max-keys=ten", ""));

        Assert.Equal(("InvalidArgument", 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public async Task WriteError_Head_HasStatusAndRequestIdsButNoBody()
    {
        var response = await RestExchange.WriteErrorAsync(RestModels.Service("s3"),
            new AwsServiceException("NoSuchKey", "The specified key does not exist.", 404) { Details = new Dictionary<string, string> { ["Key"] = "k" } }, "HEAD");

        Assert.Equal(404, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal(RestExchange.RequestId, response.Header("x-amz-request-id"));
        Assert.NotNull(response.Header("x-amz-id-2"));
    }

    [Fact]
    public async Task WriteError_Get_WritesTheS3ErrorDocument()
    {
        var error = new AwsServiceException("NoSuchBucket", "The specified bucket does not exist", 404)
        {
            Details = new Dictionary<string, string> { ["BucketName"] = "b<&>" },
        };

        var response = await RestExchange.WriteErrorAsync(RestModels.Service("s3"), error);

        Assert.Equal("application/xml", response.Header("Content-Type"));
        Assert.Equal(
            $"""<?xml version="1.0" encoding="UTF-8"?>{"\n"}<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>b&lt;&amp;&gt;</BucketName><RequestId>{RestExchange.RequestId}</RequestId><HostId>{RestXmlCodec.HostId(RestExchange.RequestId)}</HostId></Error>""",
            response.BodyText);
        Assert.Equal(response.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));
    }

    [Fact]
    public async Task WriteOutput_OperationWithoutOutput_WritesNoBodyAndTheModelStatus()
    {
        var response = await RestExchange.WriteOutputAsync(RestModels.Operation("s3", "DeleteBucket"), OperationResult.Empty, "DELETE");

        Assert.Equal(204, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal("0", response.Header("Content-Length"));
    }

    [Fact]
    public async Task WriteOutput_HeaderOnlyOutput_WritesNoBody()
    {
        var response = await RestExchange.WriteOutputAsync(RestModels.Operation("s3", "PutObject"), new JsonObject { ["ETag"] = "\"e\"" }, "PUT");

        Assert.Equal(200, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal("0", response.Header("Content-Length"));
        Assert.Equal("\"e\"", response.Header("ETag"));
    }

    [Fact]
    public async Task WriteOutput_ListObjectsV2_IsRootedInListBucketResultInTheS3Namespace()
    {
        var output = new JsonObject
        {
            ["Name"] = "b",
            ["KeyCount"] = 1,
            ["IsTruncated"] = false,
            ["Contents"] = new JsonArray(new JsonObject { ["Key"] = "k", ["LastModified"] = JsonValue.Create(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 6, TimeSpan.Zero)) }),
        };

        var response = await RestExchange.WriteOutputAsync(RestModels.Operation("s3", "ListObjectsV2"), output);

        Assert.StartsWith("""<?xml version="1.0" encoding="UTF-8"?>""" + "\n" + """<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated><Contents><Key>k</Key><LastModified>2024-01-02T03:04:05.006Z</LastModified></Contents>""",
            response.BodyText);
        Assert.DoesNotContain("xmlns=\"\"", response.BodyText);
    }

    [Fact]
    public async Task WriteOutput_HeadersCarryRfc1123TimestampsAndEncodeNonAsciiMetadata()
    {
        var output = new JsonObject
        {
            ["LastModified"] = JsonValue.Create(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero)),
            ["Metadata"] = new JsonObject { ["city"] = "Zürich" },
            ["ContentLength"] = 42,
        };

        var response = await RestExchange.WriteOutputAsync(RestModels.Operation("s3", "HeadObject"), output, "HEAD");

        Assert.Equal("Tue, 02 Jan 2024 03:04:05 GMT", response.Header("Last-Modified"));
        Assert.Equal("=?UTF-8?B?WsO8cmljaA==?=", response.Header("x-amz-meta-city"));
        Assert.Equal("42", response.Header("Content-Length"));
        Assert.Empty(response.Body);
    }
}
