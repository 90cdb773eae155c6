namespace Sagewright.Policy.Tests;

/// <summary>The condition keys Sagewright's own SageMaker and S3 handlers supply.</summary>
public sealed class SageMakerConditionKeyTests
{
    [Theory]
    [InlineData("sagemaker:TargetContainerHostname=container-1", Decision.Allowed)]
    [InlineData("sagemaker:TargetContainerHostname=container-2", Decision.ImplicitDeny)]
    [InlineData("sagemaker:TargetContainerHostname=Container-1", Decision.ImplicitDeny)]
    [InlineData("", Decision.ImplicitDeny)]
    public void Evaluate_InvokeEndpoint_AllowedOnlyForNamedContainer(string context, Decision expected)
    {
        var identity = """
            [{"Effect":"Allow","Action":"sagemaker:InvokeEndpoint","Resource":"arn:aws:sagemaker:us-east-1:111122223333:endpoint/*",
              "Condition":{"StringEquals":{"sagemaker:TargetContainerHostname":"container-1"}}}]
            """;

        Assert.Equal(expected, InvokeEndpoint(identity, context).Decision);
    }

    [Theory]
    [InlineData("sagemaker:TargetContainerHostname=container-1", Decision.Allowed)]
    [InlineData("sagemaker:TargetContainerHostname=container-2", Decision.Allowed)]
    [InlineData("sagemaker:TargetContainerHostname=container-3", Decision.ExplicitDeny)]
    [InlineData("", Decision.ExplicitDeny)]
    public void Evaluate_InvokeEndpoint_DenyOtherContainersWithStringNotEquals(string context, Decision expected)
    {
        var identity = AllowAllExcept("""
            {"Effect":"Deny","Action":"sagemaker:InvokeEndpoint","Resource":"*",
              "Condition":{"StringNotEquals":{"sagemaker:TargetContainerHostname":["container-1","container-2"]}}}
            """);

        Assert.Equal(expected, InvokeEndpoint(identity, context).Decision);
    }

    [Theory]
    [InlineData("aws:SourceVpce=vpce-1a2b3c4d", Decision.Allowed)]
    [InlineData("aws:sourcevpce=vpce-1a2b3c4d", Decision.Allowed)]
    [InlineData("aws:SourceVpce=vpce-99999999", Decision.ExplicitDeny)]
    [InlineData("", Decision.ExplicitDeny)]
    public void Evaluate_BucketPolicyDeny_WhenNotThroughExpectedVpcEndpoint(string context, Decision expected)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::models/m.onnx",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity($"[{TestPolicies.AllowAll}]")],
            ResourcePolicy = TestPolicies.Resource("""
                [{"Sid":"Access-to-specific-VPCE-only","Effect":"Deny","Principal":"*","Action":"s3:*",
                  "Resource":["arn:aws:s3:::models","arn:aws:s3:::models/*"],
                  "Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-1a2b3c4d"}}}]
                """),
            Context = TestPolicies.Context(context),
        });

        Assert.Equal(expected, result.Decision);
    }

    [Theory]
    [InlineData("", Decision.Allowed)]
    [InlineData("aws:SourceVpce=vpce-1a2b3c4d", Decision.Allowed)]
    [InlineData("aws:SourceVpce=vpce-99999999", Decision.ImplicitDeny)]
    public void Evaluate_AllowWithSourceVpceIfExists_SparesRequestsWithoutEndpoint(string context, Decision expected)
    {
        var identity = """
            [{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]
            """;

        Assert.Equal(expected, InvokeEndpoint(identity, context, "s3:GetObject").Decision);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aws:SourceVpce=vpce-99999999")]
    public void Evaluate_DenyWithSourceVpceIfExists_StillDeniesWhenKeyMissing(string context)
    {
        var identity = AllowAllExcept("""
            {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}
            """);

        Assert.Equal(Decision.ExplicitDeny, InvokeEndpoint(identity, context, "s3:GetObject").Decision);
    }

    [Theory]
    [InlineData("", Decision.ExplicitDeny)]
    [InlineData("sagemaker:VpcSubnets=subnet-a", Decision.Allowed)]
    [InlineData("sagemaker:VpcSubnets=subnet-a|subnet-b", Decision.Allowed)]
    public void Evaluate_CreateTrainingJob_DeniedWithoutVpcSubnets(string context, Decision expected)
    {
        var identity = AllowAllExcept("""
            {"Effect":"Deny","Action":"sagemaker:CreateTrainingJob","Resource":"*","Condition":{"Null":{"sagemaker:VpcSubnets":"true"}}}
            """);

        Assert.Equal(expected, InvokeEndpoint(identity, context, "sagemaker:CreateTrainingJob").Decision);
    }

    [Theory]
    [InlineData("sagemaker:VpcSubnets=subnet-a|subnet-b", Decision.Allowed)]
    [InlineData("sagemaker:VpcSubnets=subnet-a|subnet-x", Decision.ImplicitDeny)]
    [InlineData("", Decision.ImplicitDeny)]
    public void Evaluate_CreateTrainingJob_AllowedOnlyInApprovedSubnets(string context, Decision expected)
    {
        var identity = """
            [{"Effect":"Allow","Action":"sagemaker:CreateTrainingJob","Resource":"*",
              "Condition":{"ForAllValues:StringEquals":{"sagemaker:VpcSubnets":["subnet-a","subnet-b"]},"Null":{"sagemaker:VpcSubnets":"false"}}}]
            """;

        Assert.Equal(expected, InvokeEndpoint(identity, context, "sagemaker:CreateTrainingJob").Decision);
    }

    private static string AllowAllExcept(string denyStatement) => $"[{TestPolicies.AllowAll},{denyStatement}]";

    private static EvaluationResult InvokeEndpoint(string identityStatements, string context, string action = "sagemaker:InvokeEndpoint") =>
        PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.DeployerSession,
            Action = action,
            Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/churn",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity(identityStatements)],
            Context = TestPolicies.Context(context),
        });
}
