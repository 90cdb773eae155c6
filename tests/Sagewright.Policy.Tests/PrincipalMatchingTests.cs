namespace Sagewright.Policy.Tests;

/// <summary>
/// Resource policies in Required mode, same account, no identity policy: a principal named directly (or the role of a
/// session) is enough; naming only the account is a delegation that needs an identity-policy allow too.
/// </summary>
public sealed class PrincipalMatchingTests
{
    [Theory]
    [InlineData("\"*\"", "Alice", Decision.Allowed)]
    [InlineData("""{"AWS":"*"}""", "Alice", Decision.Allowed)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", "Alice", Decision.Allowed)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/bob"}""", "Alice", Decision.ImplicitDeny)]
    [InlineData("""{"AWS":["arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:user/alice"]}""", "Alice", Decision.Allowed)]
    [InlineData("""{"AWS":"111122223333"}""", "Alice", Decision.ImplicitDeny)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:root"}""", "Alice", Decision.ImplicitDeny)]
    [InlineData("""{"AWS":"arn:aws:iam::444455556666:root"}""", "Alice", Decision.ImplicitDeny)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/ci/Deployer"}""", "DeployerSession", Decision.Allowed)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/ci/Deployer"}""", "DeployerOtherSession", Decision.Allowed)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/Deployer"}""", "DeployerSession", Decision.ImplicitDeny)]
    [InlineData("""{"AWS":"arn:aws:sts::111122223333:assumed-role/Deployer/s1"}""", "DeployerSession", Decision.Allowed)]
    [InlineData("""{"AWS":"arn:aws:sts::111122223333:assumed-role/Deployer/s1"}""", "DeployerOtherSession", Decision.ImplicitDeny)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/ci/Deployer"}""", "Alice", Decision.ImplicitDeny)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:root"}""", "Root", Decision.Allowed)]
    [InlineData("""{"AWS":"111122223333"}""", "Root", Decision.Allowed)]
    [InlineData("""{"Service":"events.amazonaws.com"}""", "Events", Decision.Allowed)]
    [InlineData("""{"Service":["sqs.amazonaws.com","events.amazonaws.com"]}""", "Events", Decision.Allowed)]
    [InlineData("""{"Service":"events.amazonaws.com"}""", "Lambda", Decision.ImplicitDeny)]
    [InlineData("""{"Service":"events.amazonaws.com"}""", "Alice", Decision.ImplicitDeny)]
    [InlineData("\"*\"", "Events", Decision.Allowed)]
    [InlineData("\"*\"", "Anonymous", Decision.Allowed)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", "Anonymous", Decision.ImplicitDeny)]
    [InlineData("""{"AWS":"111122223333"}""", "Anonymous", Decision.ImplicitDeny)]
    [InlineData("""{"Federated":"cognito-identity.amazonaws.com"}""", "Alice", Decision.ImplicitDeny)]
    [InlineData("""{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}""", "Alice", Decision.ImplicitDeny)]
    public void Evaluate_ResourcePolicyPrincipal_WithoutIdentityPolicy(string principal, string caller, Decision expected)
    {
        var result = Evaluate(principal, Callers.Named(caller), identityPolicies: []);

        Assert.Equal(expected, result.Decision);
    }

    [Theory]
    [InlineData("""{"AWS":"111122223333"}""")]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:root"}""")]
    public void Evaluate_ResourcePolicyNamingAccount_WithIdentityAllow_IsAllowed(string principal)
    {
        var result = Evaluate(principal, Callers.Alice, [TestPolicies.Identity($"[{TestPolicies.AllowAll}]")]);

        Assert.Equal(Decision.Allowed, result.Decision);
    }

    [Theory]
    [InlineData("""["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:root"]""", "Alice", Decision.Allowed)]
    [InlineData("""["arn:aws:iam::111122223333:user/alice","111122223333"]""", "Alice", Decision.Allowed)]
    [InlineData("""["arn:aws:iam::111122223333:user/alice"]""", "Alice", Decision.ExplicitDeny)]
    [InlineData("""["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:root"]""", "Bob", Decision.ExplicitDeny)]
    [InlineData("""["arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:role/ci/Deployer","arn:aws:sts::111122223333:assumed-role/Deployer/s1"]""", "DeployerSession", Decision.Allowed)]
    [InlineData("""["arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:role/ci/Deployer"]""", "DeployerSession", Decision.ExplicitDeny)]
    [InlineData("""["arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:role/ci/Deployer","arn:aws:sts::111122223333:assumed-role/Deployer/s1"]""", "DeployerOtherSession", Decision.ExplicitDeny)]
    [InlineData("""["arn:aws:iam::111122223333:root"]""", "Root", Decision.Allowed)]
    [InlineData("""["*"]""", "Alice", Decision.Allowed)]
    public void Evaluate_DenyWithNotPrincipal_ExemptsOnlyFullyListedIdentityChains(string notPrincipals, string caller, Decision expected)
    {
        var result = EvaluateNotPrincipal($$"""{"AWS":{{notPrincipals}}}""", Callers.Named(caller), boundary: null);

        Assert.Equal(expected, result.Decision);
    }

    [Fact]
    public void Evaluate_DenyWithNotPrincipal_AlwaysAppliesToPrincipalWithPermissionsBoundary()
    {
        var boundary = TestPolicies.Boundary($"[{TestPolicies.AllowAll}]");

        var result = EvaluateNotPrincipal("""{"AWS":["arn:aws:iam::111122223333:user/alice","111122223333"]}""", Callers.Alice, boundary);

        Assert.Equal(Decision.ExplicitDeny, result.Decision);
        Assert.Equal("an explicit deny in a resource-based policy", result.Reason);
    }

    [Theory]
    [InlineData("Events", Decision.Allowed)]
    [InlineData("Lambda", Decision.ExplicitDeny)]
    public void Evaluate_DenyWithNotPrincipalService_ExemptsListedService(string caller, Decision expected)
    {
        var resource = TestPolicies.Resource("""
            [{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"},
             {"Effect":"Deny","NotPrincipal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*"}]
            """);

        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Named(caller),
            Action = "sqs:SendMessage",
            Resource = "arn:aws:sqs:us-east-1:111122223333:q",
            ResourceAccount = Accounts.Home,
            ResourcePolicy = resource,
        });

        Assert.Equal(expected, result.Decision);
    }

    private static EvaluationResult Evaluate(string principal, PrincipalInfo caller, IReadOnlyList<PolicyDocument> identityPolicies) =>
        PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = caller,
            Action = "kms:Decrypt",
            Resource = "arn:aws:kms:us-east-1:111122223333:key/k1",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = identityPolicies,
            ResourcePolicy = TestPolicies.Resource($$"""[{"Effect":"Allow","Principal":{{principal}},"Action":"kms:*","Resource":"*"}]"""),
            ResourcePolicyMode = ResourcePolicyMode.Required,
        });

    private static EvaluationResult EvaluateNotPrincipal(string notPrincipal, PrincipalInfo caller, PolicyDocument? boundary) =>
        PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = caller,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity($"[{TestPolicies.AllowAll}]")],
            PermissionsBoundary = boundary,
            ResourcePolicy = TestPolicies.Resource($$"""[{"Effect":"Deny","NotPrincipal":{{notPrincipal}},"Action":"s3:*","Resource":"*"}]"""),
        });
}
