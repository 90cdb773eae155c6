using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Hosting.Tests;

public class EndpointConfigTests : HostingTestBase
{
    private static JsonObject Capture(string destination, params string[] modes) => new()
    {
        ["EnableCapture"] = true,
        ["InitialSamplingPercentage"] = 50,
        ["DestinationS3Uri"] = destination,
        ["CaptureOptions"] = new JsonArray(modes.Select(m => (JsonNode)new JsonObject { ["CaptureMode"] = m }).ToArray()),
    };

    [Fact]
    public async Task CreateEndpointConfig_DescribesVariantsWithDefaultWeight_CaptureAndKmsKey()
    {
        await CreateModelAsync("pytorch");
        await CreateModelAsync("onnx");
        var input = ConfigInput("Blue-Green", Variant("A", "pytorch"), Variant("B", "onnx", weight: 0.25));
        input["DataCaptureConfig"] = Capture("s3://capture/prefix", "Input", "Output");
        input["KmsKeyId"] = "arn:aws:kms:us-east-1:111122223333:key/1234abcd";

        var arn = Text((await SageMakerAsync("CreateEndpointConfig", input))["EndpointConfigArn"]);

        Assert.Equal(ConfigArn("blue-green"), arn);
        var described = await SageMakerAsync("DescribeEndpointConfig", new JsonObject { ["EndpointConfigName"] = "Blue-Green" });
        Assert.Equal("Blue-Green", Text(described["EndpointConfigName"]));
        var variants = described["ProductionVariants"]!.AsArray();
        Assert.Equal(1.0, variants[0]!["InitialVariantWeight"]!.GetValue<double>());
        Assert.Equal(0.25, variants[1]!["InitialVariantWeight"]!.GetValue<double>());
        Assert.Equal("ml.m5.large", Text(variants[1]!["InstanceType"]));
        Assert.Equal("s3://capture/prefix", Text(described["DataCaptureConfig"]!["DestinationS3Uri"]));
        Assert.Equal("arn:aws:kms:us-east-1:111122223333:key/1234abcd", Text(described["KmsKeyId"]));
        Assert.Equal(Host.Time.Now, described["CreationTime"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task CreateEndpointConfig_WithMissingModel_ThrowsCouldNotFindModel_AndCreatesNothing()
    {
        var error = await FailsAsync("CreateEndpointConfig", ConfigInput("cfg", Variant("AllTraffic", "Nope")));

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal($"Could not find model \"{ModelArn("nope")}\".", error.Message);
        await FailsAsync("DescribeEndpointConfig", new JsonObject { ["EndpointConfigName"] = "cfg" });
    }

    [Fact]
    public async Task CreateEndpointConfig_WhenNameTaken_ThrowsAlreadyExisting()
    {
        await CreateModelAsync("model");
        await SageMakerAsync("CreateEndpointConfig", ConfigInput("cfg", Variant("AllTraffic", "model")));

        var error = await FailsAsync("CreateEndpointConfig", ConfigInput("CFG", Variant("AllTraffic", "model")));

        Assert.Equal($"Cannot create already existing endpoint configuration \"{ConfigArn("cfg")}\".", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithDuplicateVariantNames_ThrowsValidation()
    {
        await CreateModelAsync("model");

        var error = await FailsAsync("CreateEndpointConfig", ConfigInput("cfg", Variant("A", "model"), Variant("A", "model")));

        Assert.Contains("VariantName A is used by more than one production variant", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithElevenVariants_FailsTheModelsLimit()
    {
        await CreateModelAsync("model");
        var variants = Enumerable.Range(1, 11).Select(i => Variant($"v{i}", "model")).ToArray();

        var error = await FailsAsync("CreateEndpointConfig", ConfigInput("cfg", variants));

        Assert.Contains("Member must have length less than or equal to 10", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithNoVariants_FailsTheModelsMinimum()
    {
        var error = await FailsAsync("CreateEndpointConfig", ConfigInput("cfg"));

        Assert.Contains("Member must have length greater than or equal to 1", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithZeroInstances_FailsTheModelsMinimum()
    {
        await CreateModelAsync("model");
        var variant = Variant("A", "model");
        variant["InitialInstanceCount"] = 0;

        var error = await FailsAsync("CreateEndpointConfig", ConfigInput("cfg", variant));

        Assert.Contains("Member must have value greater than or equal to 1", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithNegativeWeight_FailsTheModelsMinimum()
    {
        await CreateModelAsync("model");

        var error = await FailsAsync("CreateEndpointConfig", ConfigInput("cfg", Variant("A", "model", weight: -1)));

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("initialVariantWeight", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithoutInstanceType_ThrowsValidation()
    {
        await CreateModelAsync("model");
        var variant = Variant("A", "model");
        variant.Remove("InstanceType");

        var error = await FailsAsync("CreateEndpointConfig", ConfigInput("cfg", variant));

        Assert.Contains("instanceType", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithRepeatedCaptureMode_ThrowsValidation()
    {
        await CreateModelAsync("model");
        var input = ConfigInput("cfg", Variant("A", "model"));
        input["DataCaptureConfig"] = Capture("s3://capture/prefix", "Input", "Input");

        var error = await FailsAsync("CreateEndpointConfig", input);

        Assert.Equal("DataCaptureConfig CaptureOptions must not repeat a CaptureMode.", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithHttpsCaptureDestination_ThrowsValidation()
    {
        await CreateModelAsync("model");
        var input = ConfigInput("cfg", Variant("A", "model"));
        input["DataCaptureConfig"] = Capture("https://capture.example/prefix", "Input");

        var error = await FailsAsync("CreateEndpointConfig", input);

        Assert.Contains("is not a valid S3 URI", error.Message);
    }

    [Fact]
    public async Task CreateEndpointConfig_WithAsyncInference_AnswersNotImplemented()
    {
        await CreateModelAsync("model");
        var input = ConfigInput("cfg", Variant("A", "model"));
        input["AsyncInferenceConfig"] = new JsonObject { ["OutputConfig"] = new JsonObject { ["S3OutputPath"] = "s3://out/x" } };

        var error = await FailsAsync("CreateEndpointConfig", input);

        Assert.Equal(501, error.StatusCode);
    }

    [Fact]
    public async Task DeleteEndpointConfig_RemovesIt_AndMissingOnesAreNotFound()
    {
        await CreateModelAsync("model");
        await SageMakerAsync("CreateEndpointConfig", ConfigInput("cfg", Variant("A", "model")));

        await SageMakerAsync("DeleteEndpointConfig", new JsonObject { ["EndpointConfigName"] = "cfg" });

        var error = await FailsAsync("DescribeEndpointConfig", new JsonObject { ["EndpointConfigName"] = "cfg" });
        Assert.Equal($"Could not find endpoint configuration \"{ConfigArn("cfg")}\".", error.Message);
        await FailsAsync("DeleteEndpointConfig", new JsonObject { ["EndpointConfigName"] = "cfg" });
    }
}
