using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Hosting.Tests;

public class ModelTests : HostingTestBase
{
    [Fact]
    public async Task CreateModel_ReturnsLowerCasedArn_AndDescribeShowsWhatWasGiven()
    {
        var input = ModelInput("Mnist-Model");
        input["EnableNetworkIsolation"] = true;
        input["VpcConfig"] = new JsonObject { ["SecurityGroupIds"] = new JsonArray("sg-1"), ["Subnets"] = new JsonArray("subnet-1") };

        var arn = Text((await SageMakerAsync("CreateModel", input))["ModelArn"]);

        Assert.Equal(ModelArn("mnist-model"), arn);
        var described = await SageMakerAsync("DescribeModel", new JsonObject { ["ModelName"] = "Mnist-Model" });
        Assert.Equal("Mnist-Model", Text(described["ModelName"]));
        Assert.Equal(arn, Text(described["ModelArn"]));
        Assert.Equal(RoleArn, Text(described["ExecutionRoleArn"]));
        Assert.Equal("s3://models/mnist/model.tar.gz", Text(described["PrimaryContainer"]!["ModelDataUrl"]));
        Assert.True(described["EnableNetworkIsolation"]!.GetValue<bool>());
        Assert.Equal("sg-1", Text(described["VpcConfig"]!["SecurityGroupIds"]![0]));
        Assert.Equal(Host.Time.Now, described["CreationTime"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task CreateModel_WithoutNetworkIsolation_DescribesItFalse()
    {
        await CreateModelAsync("plain");

        var described = await SageMakerAsync("DescribeModel", new JsonObject { ["ModelName"] = "plain" });

        Assert.False(described["EnableNetworkIsolation"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateModel_WhenNameTakenInAnyCase_ThrowsValidationNamingTheArn()
    {
        await CreateModelAsync("taken");

        var error = await FailsAsync("CreateModel", ModelInput("TAKEN"));

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal($"Cannot create already existing model \"{ModelArn("taken")}\".", error.Message);
    }

    [Fact]
    public async Task DescribeModel_WhenMissing_ThrowsCouldNotFind()
    {
        var error = await FailsAsync("DescribeModel", new JsonObject { ["ModelName"] = "Missing" });

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal($"Could not find model \"{ModelArn("missing")}\".", error.Message);
    }

    [Fact]
    public async Task DeleteModel_RemovesIt_AndASecondDeleteFails()
    {
        await CreateModelAsync("gone");

        await SageMakerAsync("DeleteModel", new JsonObject { ["ModelName"] = "gone" });

        await FailsAsync("DescribeModel", new JsonObject { ["ModelName"] = "gone" });
        var error = await FailsAsync("DeleteModel", new JsonObject { ["ModelName"] = "gone" });
        Assert.Equal($"Could not find model \"{ModelArn("gone")}\".", error.Message);
    }

    [Fact]
    public async Task CreateModel_WithoutExecutionRole_ThrowsValidation()
    {
        var input = ModelInput("no-role");
        input.Remove("ExecutionRoleArn");

        var error = await FailsAsync("CreateModel", input);

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("'executionRoleArn'", error.Message);
        await FailsAsync("DescribeModel", new JsonObject { ["ModelName"] = "no-role" });
    }

    [Fact]
    public async Task CreateModel_WithBothPrimaryContainerAndContainers_ThrowsValidation()
    {
        var input = ModelInput("both");
        input["Containers"] = new JsonArray(Container());

        var error = await FailsAsync("CreateModel", input);

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("PrimaryContainer and Containers", error.Message);
    }

    [Fact]
    public async Task CreateModel_WithNoContainer_ThrowsValidation()
    {
        var input = ModelInput("neither");
        input.Remove("PrimaryContainer");

        var error = await FailsAsync("CreateModel", input);

        Assert.Equal("Either PrimaryContainer or Containers must be provided.", error.Message);
    }

    [Fact]
    public async Task CreateModel_WithSixteenContainers_FailsTheModelsLimit()
    {
        var containers = Enumerable.Range(1, 16).Select(i => Container($"c{i}")).ToArray();

        var error = await FailsAsync("CreateModel", MultiContainerInput("too-many", "Direct", containers));

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("'containers' failed to satisfy constraint: Member must have length less than or equal to 15", error.Message);
    }

    [Fact]
    public async Task CreateModel_DirectMode_WithFifteenNamedContainers_IsDescribedWithHostnamesAndMode()
    {
        var containers = Enumerable.Range(1, 15).Select(i => Container($"model-{i}")).ToArray();

        await SageMakerAsync("CreateModel", MultiContainerInput("direct", "Direct", containers));

        var described = await SageMakerAsync("DescribeModel", new JsonObject { ["ModelName"] = "direct" });
        Assert.Equal("Direct", Text(described["InferenceExecutionConfig"]!["Mode"]));
        Assert.Equal(15, described["Containers"]!.AsArray().Count);
        Assert.Equal("model-15", Text(described["Containers"]![14]!["ContainerHostname"]));
        Assert.Null(described["PrimaryContainer"]);
    }

    [Fact]
    public async Task CreateModel_DirectMode_WithAnUnnamedContainer_ThrowsValidation()
    {
        var error = await FailsAsync("CreateModel", MultiContainerInput("direct", "Direct", Container("pytorch-mnist"), Container()));

        Assert.Contains("every container when InferenceExecutionConfig Mode is Direct", error.Message);
    }

    [Fact]
    public async Task CreateModel_SerialMode_WithHostnamesOnSomeContainers_ThrowsValidation()
    {
        var error = await FailsAsync("CreateModel", MultiContainerInput("serial", "Serial", Container("pre"), Container()));

        Assert.Equal("ContainerHostname must be specified for every container or for none of them.", error.Message);
    }

    [Fact]
    public async Task CreateModel_SerialMode_WithoutHostnames_IsAccepted()
    {
        await SageMakerAsync("CreateModel", MultiContainerInput("pipeline", "Serial", Container(), Container()));

        var described = await SageMakerAsync("DescribeModel", new JsonObject { ["ModelName"] = "pipeline" });
        Assert.Equal(2, described["Containers"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreateModel_WithDuplicateHostnames_ThrowsValidation()
    {
        var error = await FailsAsync("CreateModel", MultiContainerInput("dup", "Direct", Container("same"), Container("same")));

        Assert.Contains("ContainerHostname same is used by more than one container", error.Message);
    }

    [Fact]
    public async Task CreateModel_WithMalformedHostname_FailsThePattern()
    {
        var error = await FailsAsync("CreateModel", MultiContainerInput("bad", "Direct", Container("bad_host")));

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("containerHostname", error.Message);
    }

    [Fact]
    public async Task CreateModel_WithUnknownMode_FailsTheEnum()
    {
        var error = await FailsAsync("CreateModel", MultiContainerInput("bad", "Parallel", Container("a")));

        Assert.Contains("Member must satisfy enum value set", error.Message);
    }

    [Fact]
    public async Task CreateModel_WithEnvironmentOverThirtyTwoKilobytesInTotal_ThrowsValidation()
    {
        var environment = new JsonObject();
        for (var i = 0; i < 40; i++)
        {
            environment[$"KEY_{i}"] = new string('v', 1000);
        }

        var error = await FailsAsync("CreateModel", ModelInput("big-env", Container(environment: environment)));

        Assert.Contains("exceeds the limit of 32768 bytes", error.Message);
    }

    [Fact]
    public async Task CreateModel_WithAnEnvironmentValueOver1024_FailsTheModelsLimit()
    {
        var environment = new JsonObject { ["KEY"] = new string('v', 1025) };

        var error = await FailsAsync("CreateModel", ModelInput("long-value", Container(environment: environment)));

        Assert.Equal("ValidationException", error.Code);
        await FailsAsync("DescribeModel", new JsonObject { ["ModelName"] = "long-value" });
    }

    [Fact]
    public async Task CreateModel_WithModelPackageAsSource_RecordsIt()
    {
        var packageArn = $"arn:aws:sagemaker:us-east-1:{Account.AccountId}:model-package/mnist/3";

        await SageMakerAsync("CreateModel", ModelInput("from-package", new JsonObject { ["ModelPackageName"] = packageArn }));

        var described = await SageMakerAsync("DescribeModel", new JsonObject { ["ModelName"] = "from-package" });
        Assert.Equal(packageArn, Text(described["PrimaryContainer"]!["ModelPackageName"]));
    }

    [Fact]
    public async Task CreateModel_WithContainerWithoutImageOrPackage_ThrowsValidation()
    {
        var error = await FailsAsync("CreateModel", ModelInput("sourceless", new JsonObject { ["ModelDataUrl"] = "s3://models/m.tar.gz" }));

        Assert.Equal("Container 1 must specify an Image or a ModelPackageName.", error.Message);
    }

    [Fact]
    public async Task CreateModel_WithTags_AnswersNotImplemented_AndCreatesNothing()
    {
        var input = ModelInput("tagged");
        input["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "ml" });

        var error = await FailsAsync("CreateModel", input);

        Assert.Equal("NotImplemented", error.Code);
        Assert.Equal(501, error.StatusCode);
        await FailsAsync("DescribeModel", new JsonObject { ["ModelName"] = "tagged" });
    }
}
