namespace Sagewright.Policy.Tests;

/// <summary>
/// Session policies and permissions boundaries filter identity-based allows and never grant on their own.
/// A same-account resource policy naming the user or the session escapes them; naming the role does not.
/// </summary>
public sealed class SessionAndBoundaryTests
{
    private const string S3ReadOnly = """[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]""";
    private const string AllowS3 = """[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]""";

    [Theory]
    [InlineData("s3:GetObject", Decision.Allowed, "")]
    [InlineData("s3:PutObject", Decision.ImplicitDeny, "no session policy allows the s3:PutObject action")]
    public void Evaluate_SessionPolicy_FiltersIdentityAllows(string action, Decision decision, string reason)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.DeployerSession,
            Action = action,
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity(AllowS3)],
            SessionPolicies = [TestPolicies.Session(S3ReadOnly)],
        });

        Assert.Equal((decision, reason), (result.Decision, result.Reason));
    }

    [Fact]
    public void Evaluate_SessionPolicyAlone_DoesNotGrant()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.DeployerSession,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            SessionPolicies = [TestPolicies.Session(S3ReadOnly)],
        });

        Assert.Equal((Decision.ImplicitDeny, "no identity-based policy allows the s3:GetObject action"), (result.Decision, result.Reason));
    }

    [Theory]
    [InlineData("s3:PutObject", Decision.Allowed)]
    [InlineData("sqs:SendMessage", Decision.ImplicitDeny)]
    public void Evaluate_SeveralSessionPolicies_AnyOfThemMayAllow(string action, Decision expected)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.DeployerSession,
            Action = action,
            Resource = "*",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity($"[{TestPolicies.AllowAll}]")],
            SessionPolicies = [TestPolicies.Session(S3ReadOnly), TestPolicies.Session("""[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]""")],
        });

        Assert.Equal(expected, result.Decision);
    }

    [Theory]
    [InlineData("s3:GetObject", Decision.Allowed, "")]
    [InlineData("s3:PutObject", Decision.ImplicitDeny, "no permissions boundary allows the s3:PutObject action")]
    [InlineData("sqs:SendMessage", Decision.ImplicitDeny, "no identity-based policy allows the sqs:SendMessage action")]
    public void Evaluate_PermissionsBoundary_FiltersIdentityAllows(string action, Decision decision, string reason)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = action,
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity(AllowS3)],
            PermissionsBoundary = TestPolicies.Boundary("""[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]"""),
        });

        Assert.Equal((decision, reason), (result.Decision, result.Reason));
    }

    public static TheoryData<string, string, bool, Decision, string> ResourcePolicyEscapes => new()
    {
        // caller, principal named by the bucket policy, filter is a boundary (else a session policy), decision, reason
        { "Alice", "arn:aws:iam::111122223333:user/alice", true, Decision.Allowed, "" },
        { "DeployerSession", Callers.DeployerSessionArn, true, Decision.Allowed, "" },
        { "DeployerSession", Callers.DeployerRoleArn, true, Decision.ImplicitDeny, "no permissions boundary allows the s3:PutObject action" },
        { "DeployerSession", Callers.DeployerSessionArn, false, Decision.Allowed, "" },
        { "DeployerSession", Callers.DeployerRoleArn, false, Decision.ImplicitDeny, "no session policy allows the s3:PutObject action" },
        { "Alice", "arn:aws:iam::111122223333:root", true, Decision.ImplicitDeny, "no permissions boundary allows the s3:PutObject action" },
    };

    [Theory]
    [MemberData(nameof(ResourcePolicyEscapes))]
    public void Evaluate_SameAccountResourcePolicy_EscapesFiltersOnlyWhenNamingUserOrSession(string caller, string principal, bool boundary, Decision decision, string reason)
    {
        var readOnly = boundary ? TestPolicies.Boundary(S3ReadOnly) : TestPolicies.Session(S3ReadOnly);
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Named(caller),
            Action = "s3:PutObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity(AllowS3)],
            ResourcePolicy = TestPolicies.Resource($$"""[{"Effect":"Allow","Principal":{"AWS":"{{principal}}"},"Action":"s3:PutObject","Resource":"*"}]"""),
            PermissionsBoundary = boundary ? readOnly : null,
            SessionPolicies = boundary ? [] : [readOnly],
        });

        Assert.Equal((decision, reason), (result.Decision, result.Reason));
    }

    [Fact]
    public void Evaluate_CrossAccount_BoundaryStillFilters_EvenWhenResourcePolicyNamesCaller()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Carol,
            Action = "s3:PutObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity(AllowS3)],
            PermissionsBoundary = TestPolicies.Boundary(S3ReadOnly),
            ResourcePolicy = TestPolicies.Resource("""[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/carol"},"Action":"s3:*","Resource":"*"}]"""),
        });

        Assert.Equal((Decision.ImplicitDeny, "no permissions boundary allows the s3:PutObject action"), (result.Decision, result.Reason));
    }

    [Fact]
    public void Evaluate_KmsKeyPolicyNamingRole_IsLimitedBySessionPolicy()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.DeployerSession,
            Action = "kms:Decrypt",
            Resource = "arn:aws:kms:us-east-1:111122223333:key/k1",
            ResourceAccount = Accounts.Home,
            ResourcePolicy = TestPolicies.Resource($$"""[{"Effect":"Allow","Principal":{"AWS":"{{Callers.DeployerRoleArn}}"},"Action":"kms:*","Resource":"*"}]"""),
            ResourcePolicyMode = ResourcePolicyMode.Required,
            SessionPolicies = [TestPolicies.Session(S3ReadOnly)],
        });

        Assert.Equal((Decision.ImplicitDeny, "no session policy allows the kms:Decrypt action"), (result.Decision, result.Reason));
    }
}
