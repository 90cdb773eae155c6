using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Hosting.Tests;

public class AccessTests : HostingTestBase
{
    private const string SageMakerAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:*","Resource":"*"}]}""";

    private string WithPassRole(string passedToService) => $$"""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"sagemaker:*","Resource":"*"},
          {"Effect":"Allow","Action":"iam:PassRole","Resource":"{{RoleArn}}",
           "Condition":{"StringEquals":{"iam:PassedToService":"{{passedToService}}"} } }]}
        """;

    [Fact]
    public async Task CreateModel_WithoutPassRoleOnTheExecutionRole_IsDenied_AndCreatesNothing()
    {
        var user = await Host.NewUserAsync(Account, "no-pass", SageMakerAll);

        var error = await FailsAsync("CreateModel", ModelInput("denied"), user);

        Assert.Equal("AccessDeniedException", error.Code);
        Assert.Contains("iam:PassRole", error.Message);
        await FailsAsync("DescribeModel", new JsonObject { ["ModelName"] = "denied" });
    }

    [Fact]
    public async Task CreateModel_WithPassRoleToSageMaker_IsAllowed()
    {
        var user = await Host.NewUserAsync(Account, "passer", WithPassRole("sagemaker.amazonaws.com"));

        var output = await SageMakerAsync("CreateModel", ModelInput("allowed"), user);

        Assert.Equal(ModelArn("allowed"), Text(output["ModelArn"]));
    }

    [Fact]
    public async Task CreateModel_WithPassRoleOnlyToAnotherService_IsDenied()
    {
        var user = await Host.NewUserAsync(Account, "events-passer", WithPassRole("events.amazonaws.com"));

        var error = await FailsAsync("CreateModel", ModelInput("wrong-service"), user);

        Assert.Equal("AccessDeniedException", error.Code);
    }

    [Fact]
    public async Task DescribeModel_DeniedOnTheModelArn_IsDenied()
    {
        await CreateModelAsync("secret");
        var user = await Host.NewUserAsync(Account, "reader", $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"sagemaker:*","Resource":"*"},
              {"Effect":"Deny","Action":"sagemaker:DescribeModel","Resource":"{{ModelArn("secret")}}"}]}
            """);

        var error = await FailsAsync("DescribeModel", new JsonObject { ["ModelName"] = "secret" }, user);

        Assert.Equal("AccessDeniedException", error.Code);
    }
}
