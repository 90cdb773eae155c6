namespace Sagewright.Policy.Tests;

/// <summary>An explicit Deny in any policy type wins over every Allow.</summary>
public sealed class DenyPrecedenceTests
{
    private const string DenyGet = """{"Sid":"NoGet","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}""";

    public static TheoryData<string, string> DenyLocations => new()
    {
        { "identity", "an explicit deny in an identity-based policy" },
        { "resource", "an explicit deny in a resource-based policy" },
        { "session", "an explicit deny in a session policy" },
        { "boundary", "an explicit deny in a permissions boundary" },
    };

    [Theory]
    [MemberData(nameof(DenyLocations))]
    public void Evaluate_ExplicitDenyInAnyPolicyType_WinsOverAllows(string location, string reason)
    {
        var result = PolicyEvaluator.Evaluate(Request(location, "s3:GetObject"));

        Assert.Equal((Decision.ExplicitDeny, reason), (result.Decision, result.Reason));
        var matched = Assert.Single(result.MatchedStatements);
        Assert.Equal(("NoGet", true, location), (matched.Sid, matched.IsDeny, matched.PolicyRole));
    }

    [Theory]
    [MemberData(nameof(DenyLocations))]
    public void Evaluate_DenyForOtherAction_DoesNotApply(string location, string reason)
    {
        var result = PolicyEvaluator.Evaluate(Request(location, "s3:PutObject"));

        Assert.Equal(Decision.Allowed, result.Decision);
        Assert.DoesNotContain(reason, result.Reason);
    }

    [Fact]
    public void Evaluate_IdentityDeny_BeatsResourcePolicyNamingCallerDirectly()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity($"[{DenyGet}]")],
            ResourcePolicy = TestPolicies.Resource("""[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:*","Resource":"*"}]"""),
        });

        Assert.Equal(Decision.ExplicitDeny, result.Decision);
    }

    [Theory]
    [InlineData("Alice", Decision.ExplicitDeny)]
    [InlineData("DeployerSession", Decision.ExplicitDeny)]
    [InlineData("Carol", Decision.Allowed)]
    public void Evaluate_ResourceDenyNamingAccount_AppliesToEveryPrincipalOfThatAccount(string caller, Decision expected)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Named(caller),
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity($"[{TestPolicies.AllowAll}]")],
            ResourcePolicy = TestPolicies.Resource("""
                [{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},
                 {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"}]
                """),
        });

        Assert.Equal(expected, result.Decision);
    }

    [Theory]
    [InlineData("aws:SecureTransport=false", Decision.ExplicitDeny)]
    [InlineData("aws:SecureTransport=true", Decision.Allowed)]
    public void Evaluate_ConditionalDeny_AppliesOnlyWhenConditionHolds(string context, Decision expected)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity($"[{TestPolicies.AllowAll}]")],
            ResourcePolicy = TestPolicies.Resource("""[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]"""),
            Context = TestPolicies.Context(context),
        });

        Assert.Equal(expected, result.Decision);
    }

    [Fact]
    public void Evaluate_DenyInOneOfSeveralIdentityPolicies_ReportsEveryDenyingStatement()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies =
            [
                TestPolicies.Identity($"[{TestPolicies.AllowAll}]"),
                TestPolicies.Identity($$"""[{{DenyGet}},{"Sid":"NoS3","Effect":"Deny","Action":"s3:*","Resource":"*"}]"""),
            ],
        });

        Assert.Equal(Decision.ExplicitDeny, result.Decision);
        Assert.Equal(["NoGet", "NoS3"], result.MatchedStatements.Select(s => s.Sid));
    }

    private static EvaluationRequest Request(string denyLocation, string deniedAction)
    {
        const string PublicAllow = """{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}""";
        string Deny(string principal) => $$"""{"Sid":"NoGet","Effect":"Deny",{{principal}}"Action":"{{deniedAction}}","Resource":"*"}""";
        string Statements(string location) => location == denyLocation ? $"[{TestPolicies.AllowAll},{Deny("")}]" : $"[{TestPolicies.AllowAll}]";
        return new EvaluationRequest
        {
            Principal = Callers.DeployerSession,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity(Statements("identity"))],
            ResourcePolicy = TestPolicies.Resource(denyLocation == "resource" ? $"[{PublicAllow},{Deny("\"Principal\":\"*\",")}]" : $"[{PublicAllow}]"),
            SessionPolicies = [TestPolicies.Session(Statements("session"))],
            PermissionsBoundary = TestPolicies.Boundary(Statements("boundary")),
        };
    }
}
