namespace Sagewright.Policy.Tests;

/// <summary>MissingContextKeys lists keys of applicable statements (action, principal and resource match) absent from the context.</summary>
public sealed class MissingContextKeyTests
{
    [Theory]
    [InlineData("", new[] { "aws:SourceIp", "aws:SecureTransport" })]
    [InlineData("aws:SourceIp=10.0.0.1", new[] { "aws:SecureTransport" })]
    [InlineData("aws:SourceIp=10.0.0.1;aws:SecureTransport=true", new string[0])]
    public void Evaluate_ReportsOnlyAbsentKeys(string context, string[] missing)
    {
        var result = Evaluate("""
            [{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
              "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Bool":{"aws:SecureTransport":"true"}}}]
            """, context);

        Assert.Equal(missing, result.MissingContextKeys);
    }

    [Fact]
    public void Evaluate_StatementForOtherActionOrResource_ReportsNothing()
    {
        var result = Evaluate("""
            [{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"s3:x-amz-acl":"private"}}},
             {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*","Condition":{"StringEquals":{"s3:ExistingObjectTag/x":"y"}}}]
            """, "");

        Assert.Empty(result.MissingContextKeys);
    }

    [Fact]
    public void Evaluate_SameKeyInSeveralStatements_IsReportedOnceIgnoringCase()
    {
        var result = Evaluate("""
            [{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a"}}},
             {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"AWS:PRINCIPALTAG/TEAM":"b"}}}]
            """, "");

        Assert.Equal(["aws:PrincipalTag/team"], result.MissingContextKeys);
    }

    [Fact]
    public void Evaluate_UnresolvedVariables_AreReported()
    {
        var result = Evaluate("""
            [{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*",
              "Condition":{"StringLike":{"s3:prefix":"${aws:PrincipalTag/team}/*"}}},
             {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"${aws:userid}"}}}]
            """, "s3:prefix=x");

        Assert.Equal(["aws:username", "aws:userid"], result.MissingContextKeys);
    }

    [Fact]
    public void Evaluate_VariablesWithDefaults_AreNotReported()
    {
        var result = Evaluate("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username, 'guest'}/*"}]""", "");

        Assert.Empty(result.MissingContextKeys);
        Assert.Equal(Decision.ImplicitDeny, result.Decision);
    }

    private static EvaluationResult Evaluate(string statements, string context) =>
        PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity(statements)],
            Context = TestPolicies.Context(context),
        });
}
