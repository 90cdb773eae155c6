using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Tests.RestSupport;

namespace Sagewright.Protocol.Tests;

public sealed class RestJsonCodecTests
{
    private static JsonObject Parse(string method, string target, string body, params (string, string)[] headers)
    {
        var question = target.IndexOf('?');
        var (path, query) = question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
        return RestExchange.Parse(method, path, query, headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)), Encoding.UTF8.GetBytes(body)).Input;
    }

    [Fact]
    public void ReadInput_InvokeEndpoint_BindsHeadersAndLeavesTheBlobPayloadOutOfTheTree()
    {
        var input = Parse("POST", "/endpoints/my-endpoint/invocations", "{\"instances\":[1]}",
            ("Content-Type", "application/json"), ("X-Amzn-SageMaker-Target-Container-Hostname", "c1"),
            ("X-Amzn-SageMaker-Target-Variant", "blue"), ("X-Amzn-SageMaker-Custom-Attributes", "a=1,b=2"));

        Assert.Equal(
            """{"EndpointName":"my-endpoint","ContentType":"application/json","CustomAttributes":"a=1,b=2","TargetVariant":"blue","TargetContainerHostname":"c1"}""",
            input.ToJsonString());
    }

    [Fact]
    public void ReadInput_MalformedJsonBody_ThrowsSerializationException()
    {
        var error = Assert.Throws<AwsServiceException>(() => Parse("POST", "/recommendations", "{\"userId\":"));

        Assert.Equal(("SerializationException", 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public void ReadInput_QueryIntegerThatIsNotANumber_ThrowsTheServiceValidationError()
    {
        var error = Assert.Throws<AwsServiceException>(() => Parse("GET", "/bots/?maxResults=many", ""));

        Assert.Equal(("BadRequestException", 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public void ReadInput_JsonValueHeaderThatIsNotBase64Json_ThrowsTheServiceValidationError()
    {
        var error = Assert.Throws<AwsServiceException>(() => Parse("POST", "/bot/b1/alias/prod/user/u1/content", "",
            ("Content-Type", "text/plain; charset=utf-8"), ("x-amz-lex-session-attributes", "{not base64}")));

        Assert.Equal("BadRequestException", error.Code);
    }

    [Fact]
    public void ReadInput_JsonValueHeader_IsTheDecodedJson()
    {
        var input = Parse("POST", "/bot/b1/alias/prod/user/u1/content", "", ("Content-Type", "text/plain; charset=utf-8"),
            ("x-amz-lex-session-attributes", Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"a":"1"}"""))));

        Assert.Equal("""{"a":"1"}""", input["sessionAttributes"]!.ToJsonString());
    }

    [Fact]
    public async Task WriteError_WithTheModeledShape_UsesItsMessageMemberAndTypesItsDetails()
    {
        var error = new AwsServiceException("ModelError", "Received client error (400) from primary.", 424)
        {
            Details = new Dictionary<string, string> { ["OriginalStatusCode"] = "400", ["OriginalMessage"] = "bad input", ["Unmodeled"] = "7" },
        };

        var response = await RestExchange.WriteErrorAsync(RestModels.Service("sagemaker-runtime"), error, "POST");

        Assert.Equal(424, response.Status);
        Assert.Equal("ModelError", response.Header("x-amzn-ErrorType"));
        Assert.Equal(RestExchange.RequestId, response.Header("x-amzn-RequestId"));
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Equal(
            """{"__type":"ModelError","Message":"Received client error (400) from primary.","OriginalStatusCode":400,"OriginalMessage":"bad input","Unmodeled":"7"}""",
            response.BodyText);
    }

    [Fact]
    public async Task WriteError_DetailModeledAsAHeader_IsWrittenAsThatHeader()
    {
        var error = new AwsServiceException("LimitExceededException", "Slow down.", 429)
        {
            Details = new Dictionary<string, string> { ["retryAfterSeconds"] = "30" },
        };

        var response = await RestExchange.WriteErrorAsync(RestModels.Service("lex-runtime"), error, "POST");

        Assert.Equal("30", response.Header("Retry-After"));
        Assert.Equal("""{"__type":"LimitExceededException","message":"Slow down."}""", response.BodyText);
    }

    [Fact]
    public async Task WriteError_UnmodeledCode_UsesLowercaseMessage()
    {
        var response = await RestExchange.WriteErrorAsync(RestModels.Service("personalize-runtime"),
            new AwsServiceException("InternalFailure", "oops", 500, senderFault: false), "POST");

        Assert.Equal(500, response.Status);
        Assert.Equal("""{"__type":"InternalFailure","message":"oops"}""", response.BodyText);
    }

    [Fact]
    public async Task WriteOutput_StatusComesFromTheResultThenTheModel()
    {
        var operation = RestModels.Operation("sagemaker-runtime", "InvokeEndpointAsync");

        var modelStatus = await RestExchange.WriteOutputAsync(operation, new JsonObject { ["InferenceId"] = "i" }, "POST");
        var overridden = await RestExchange.WriteOutputAsync(operation, new OperationResult { Output = [], StatusCode = 200 }, "POST");

        Assert.Equal(202, modelStatus.Status);
        Assert.Equal("""{"InferenceId":"i"}""", modelStatus.BodyText);
        Assert.Equal(200, overridden.Status);
    }

    [Fact]
    public async Task WriteOutput_EmptyOutput_IsAnEmptyJsonObject()
    {
        var response = await RestExchange.WriteOutputAsync(RestModels.Operation("personalize-runtime", "GetRecommendations"), OperationResult.Empty, "POST");

        Assert.Equal("{}", response.BodyText);
        Assert.Equal("application/json", response.Header("Content-Type"));
    }

    [Fact]
    public async Task WriteOutput_BlobPayloadWithoutBody_WritesNothing()
    {
        var response = await RestExchange.WriteOutputAsync(RestModels.Operation("sagemaker-runtime", "InvokeEndpoint"),
            new JsonObject { ["ContentType"] = "text/csv" }, "POST");

        Assert.Empty(response.Body);
        Assert.Equal("0", response.Header("Content-Length"));
        Assert.Equal("text/csv", response.Header("Content-Type"));
    }
}
