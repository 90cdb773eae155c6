namespace Sagewright.Policy.Tests;

/// <summary>AssumeRole: the role's trust policy is a Required-mode resource policy without a Resource element.</summary>
public sealed class TrustPolicyTests
{
    private const string DeployerRole = "arn:aws:iam::111122223333:role/ci/Deployer";
    private const string AllowAssumeRole = """[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/ci/*"}]""";

    public static TheoryData<string, string, bool, Decision, string> Cases => new()
    {
        // trusted principal element, caller, caller's identity policy allows sts:AssumeRole?, decision, reason
        { """{"AWS":"arn:aws:iam::111122223333:root"}""", "Alice", true, Decision.Allowed, "" },
        { """{"AWS":"arn:aws:iam::111122223333:root"}""", "Alice", false, Decision.ImplicitDeny, "no identity-based policy allows the sts:AssumeRole action" },
        { """{"AWS":"111122223333"}""", "Alice", true, Decision.Allowed, "" },
        { """{"AWS":"arn:aws:iam::111122223333:user/alice"}""", "Alice", false, Decision.Allowed, "" },
        { """{"AWS":"arn:aws:iam::111122223333:user/alice"}""", "Bob", true, Decision.ImplicitDeny, "no resource-based policy allows the sts:AssumeRole action" },
        { """{"AWS":"arn:aws:iam::444455556666:role/Builder"}""", "BuilderSession", true, Decision.Allowed, "" },
        { """{"AWS":"arn:aws:iam::444455556666:role/Builder"}""", "BuilderSession", false, Decision.ImplicitDeny, "no identity-based policy allows the sts:AssumeRole action" },
        { """{"AWS":"arn:aws:iam::444455556666:role/Builder"}""", "Carol", true, Decision.ImplicitDeny, "no resource-based policy allows the sts:AssumeRole action" },
        { """{"AWS":"arn:aws:iam::444455556666:root"}""", "Carol", true, Decision.Allowed, "" },
        { """{"AWS":"arn:aws:iam::444455556666:root"}""", "Carol", false, Decision.ImplicitDeny, "no identity-based policy allows the sts:AssumeRole action" },
        { """{"AWS":"arn:aws:iam::444455556666:user/carol"}""", "Carol", false, Decision.ImplicitDeny, "no identity-based policy allows the sts:AssumeRole action" },
        { """{"Service":"sagemaker.amazonaws.com"}""", "SageMaker", false, Decision.Allowed, "" },
        { """{"Service":"sagemaker.amazonaws.com"}""", "Events", false, Decision.ImplicitDeny, "no resource-based policy allows the sts:AssumeRole action" },
        { """{"Service":"sagemaker.amazonaws.com"}""", "Alice", true, Decision.ImplicitDeny, "no resource-based policy allows the sts:AssumeRole action" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_AssumeRole(string trusted, string caller, bool identityAllows, Decision decision, string reason)
    {
        var trust = TestPolicies.Trust($$"""[{"Effect":"Allow","Principal":{{trusted}},"Action":"sts:AssumeRole"}]""");
        var identity = identityAllows
            ? AllowAssumeRole
            : """[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]""";

        var result = PolicyEvaluator.Evaluate(AssumeRole(Callers.Named(caller), trust, TestPolicies.Identity(identity), context: ""));

        Assert.Equal((decision, reason), (result.Decision, result.Reason));
    }

    [Theory]
    [InlineData("sts:ExternalId=ext-123", Decision.Allowed)]
    [InlineData("sts:ExternalId=ext-999", Decision.ImplicitDeny)]
    [InlineData("", Decision.ImplicitDeny)]
    public void Evaluate_AssumeRole_WithExternalIdCondition(string context, Decision expected)
    {
        var trust = TestPolicies.Trust("""
            [{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole",
              "Condition":{"StringEquals":{"sts:ExternalId":"ext-123"}}}]
            """);

        var result = PolicyEvaluator.Evaluate(AssumeRole(Callers.Carol, trust, TestPolicies.Identity(AllowAssumeRole), context));

        Assert.Equal(expected, result.Decision);
        Assert.Equal(context.Length == 0 ? new[] { "sts:ExternalId" } : [], result.MissingContextKeys);
    }

    [Fact]
    public void Evaluate_AssumeRole_TrustPolicyDenyForOneUser_WinsOverAccountTrust()
    {
        var trust = TestPolicies.Trust("""
            [{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
             {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"}]
            """);

        var result = PolicyEvaluator.Evaluate(AssumeRole(Callers.Alice, trust, TestPolicies.Identity(AllowAssumeRole), ""));

        Assert.Equal((Decision.ExplicitDeny, "an explicit deny in a resource-based policy"), (result.Decision, result.Reason));
    }

    [Fact]
    public void Evaluate_TrustPolicyForAssumeRole_DoesNotGrantOtherStsActions()
    {
        var trust = TestPolicies.Trust("""[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"}]""");

        var request = AssumeRole(Callers.Alice, trust, TestPolicies.Identity($"[{TestPolicies.AllowAll}]"), "");
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = request.Principal,
            Action = "sts:TagSession",
            Resource = request.Resource,
            ResourceAccount = request.ResourceAccount,
            IdentityPolicies = request.IdentityPolicies,
            ResourcePolicy = request.ResourcePolicy,
            ResourcePolicyMode = ResourcePolicyMode.Required,
        });

        Assert.Equal((Decision.ImplicitDeny, "no resource-based policy allows the sts:TagSession action"), (result.Decision, result.Reason));
    }

    private static EvaluationRequest AssumeRole(PrincipalInfo caller, PolicyDocument trust, PolicyDocument identity, string context) => new()
    {
        Principal = caller,
        Action = "sts:AssumeRole",
        Resource = DeployerRole,
        ResourceAccount = Accounts.Home,
        IdentityPolicies = caller.Type is PrincipalType.Service ? [] : [identity],
        ResourcePolicy = trust,
        ResourcePolicyMode = ResourcePolicyMode.Required,
        Context = TestPolicies.Context(context),
    };
}
