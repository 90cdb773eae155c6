namespace Sagewright.Policy.Tests;

/// <summary>Same-account versus cross-account decisions in both resource-policy modes.</summary>
public sealed class AccountDecisionTests
{
    private const string Object = "arn:aws:s3:::bucket/key";
    private const string Key = "arn:aws:kms:us-east-1:111122223333:key/k1";
    private const string ForeignKey = "arn:aws:kms:us-east-1:444455556666:key/k9";

    public static TheoryData<string, string, bool, string?, ResourcePolicyMode, Decision, string> Cases => new()
    {
        // caller, resource account, identity allows?, resource-policy principal (null: no resource policy), mode, decision, reason
        { "Alice", Accounts.Home, true, null, ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Alice", Accounts.Home, false, null, ResourcePolicyMode.Optional, Decision.ImplicitDeny, "no identity-based policy allows the s3:GetObject action" },
        { "Alice", Accounts.Home, false, "\"arn:aws:iam::111122223333:user/alice\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Alice", Accounts.Home, false, "\"111122223333\"", ResourcePolicyMode.Optional, Decision.ImplicitDeny, "no identity-based policy allows the s3:GetObject action" },
        { "Alice", Accounts.Home, true, "\"111122223333\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Alice", Accounts.Home, true, "\"arn:aws:iam::111122223333:user/bob\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Alice", "", false, "\"arn:aws:iam::111122223333:user/alice\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Alice", "", true, null, ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Carol", Accounts.Home, true, null, ResourcePolicyMode.Optional, Decision.ImplicitDeny, "no resource-based policy allows the s3:GetObject action" },
        { "Carol", Accounts.Home, false, "\"arn:aws:iam::444455556666:user/carol\"", ResourcePolicyMode.Optional, Decision.ImplicitDeny, "no identity-based policy allows the s3:GetObject action" },
        { "Carol", Accounts.Home, true, "\"arn:aws:iam::444455556666:user/carol\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Carol", Accounts.Home, true, "\"arn:aws:iam::444455556666:root\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Carol", Accounts.Home, true, "\"444455556666\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Carol", Accounts.Home, true, "\"arn:aws:iam::111122223333:root\"", ResourcePolicyMode.Optional, Decision.ImplicitDeny, "no resource-based policy allows the s3:GetObject action" },
        { "Carol", Accounts.Home, true, "\"*\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Carol", Accounts.Home, false, "\"*\"", ResourcePolicyMode.Optional, Decision.ImplicitDeny, "no identity-based policy allows the s3:GetObject action" },
        { "BuilderSession", Accounts.Home, true, "\"arn:aws:iam::444455556666:role/Builder\"", ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Root", Accounts.Home, true, null, ResourcePolicyMode.Optional, Decision.Allowed, "" },
        { "Root", Accounts.Other, true, null, ResourcePolicyMode.Optional, Decision.ImplicitDeny, "no resource-based policy allows the s3:GetObject action" },
    };

    public static TheoryData<string, string, bool, string?, Decision, string> RequiredCases => new()
    {
        { "Alice", Key, true, null, Decision.ImplicitDeny, "no resource-based policy allows the kms:Decrypt action" },
        { "Alice", Key, true, "\"arn:aws:iam::111122223333:root\"", Decision.Allowed, "" },
        { "Alice", Key, false, "\"arn:aws:iam::111122223333:root\"", Decision.ImplicitDeny, "no identity-based policy allows the kms:Decrypt action" },
        { "Alice", Key, false, "\"arn:aws:iam::111122223333:user/alice\"", Decision.Allowed, "" },
        { "Alice", Key, true, "\"arn:aws:iam::111122223333:user/bob\"", Decision.ImplicitDeny, "no resource-based policy allows the kms:Decrypt action" },
        { "DeployerSession", Key, false, "\"arn:aws:iam::111122223333:role/ci/Deployer\"", Decision.Allowed, "" },
        { "Alice", ForeignKey, true, "\"arn:aws:iam::111122223333:root\"", Decision.Allowed, "" },
        { "Alice", ForeignKey, false, "\"arn:aws:iam::111122223333:root\"", Decision.ImplicitDeny, "no identity-based policy allows the kms:Decrypt action" },
        { "Alice", ForeignKey, false, "\"arn:aws:iam::111122223333:user/alice\"", Decision.ImplicitDeny, "no identity-based policy allows the kms:Decrypt action" },
        { "Alice", ForeignKey, true, "\"arn:aws:iam::111122223333:user/alice\"", Decision.Allowed, "" },
        { "Alice", ForeignKey, true, "\"arn:aws:iam::444455556666:root\"", Decision.ImplicitDeny, "no resource-based policy allows the kms:Decrypt action" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_OptionalResourcePolicy(string caller, string resourceAccount, bool identityAllows, string? resourcePrincipal, ResourcePolicyMode mode, Decision decision, string reason)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Named(caller),
            Action = "s3:GetObject",
            Resource = Object,
            ResourceAccount = resourceAccount,
            IdentityPolicies = identityAllows ? [TestPolicies.Identity("""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]""")] : [],
            ResourcePolicy = ResourcePolicy(resourcePrincipal, "s3:GetObject"),
            ResourcePolicyMode = mode,
        });

        Assert.Equal((decision, reason), (result.Decision, result.Reason));
    }

    [Theory]
    [MemberData(nameof(RequiredCases))]
    public void Evaluate_RequiredResourcePolicy_KmsKeyPolicy(string caller, string key, bool identityAllows, string? keyPolicyPrincipal, Decision decision, string reason)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Named(caller),
            Action = "kms:Decrypt",
            Resource = key,
            ResourceAccount = key.Split(':')[4],
            IdentityPolicies = identityAllows ? [TestPolicies.Identity("""[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]""")] : [],
            ResourcePolicy = ResourcePolicy(keyPolicyPrincipal, "kms:*"),
            ResourcePolicyMode = ResourcePolicyMode.Required,
        });

        Assert.Equal((decision, reason), (result.Decision, result.Reason));
    }

    [Fact]
    public void Evaluate_CrossAccount_WithoutResourcePolicy_IsImplicitDeny()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Carol,
            Action = "s3:GetObject",
            Resource = Object,
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity($"[{TestPolicies.AllowAll}]")],
        });

        Assert.Equal(Decision.ImplicitDeny, result.Decision);
        Assert.Empty(result.MatchedStatements);
    }

    [Theory]
    [InlineData("\"*\"", Decision.Allowed)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", Decision.ImplicitDeny)]
    public void Evaluate_AnonymousCaller_NeedsPublicResourcePolicy(string principal, Decision expected)
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Anonymous,
            Action = "s3:GetObject",
            Resource = Object,
            ResourceAccount = Accounts.Home,
            ResourcePolicy = TestPolicies.Resource($$"""[{"Effect":"Allow","Principal":{{principal}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]"""),
        });

        Assert.Equal(expected, result.Decision);
    }

    [Fact]
    public void Evaluate_AnonymousCaller_WithoutResourcePolicy_ExplainsResourcePolicy()
    {
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Anonymous,
            Action = "s3:GetObject",
            Resource = Object,
            ResourceAccount = Accounts.Home,
        });

        Assert.Equal((Decision.ImplicitDeny, "no resource-based policy allows the s3:GetObject action"), (result.Decision, result.Reason));
    }

    [Fact]
    public void Evaluate_Allowed_ReportsContributingStatementsWithTheirSources()
    {
        var identity = TestPolicies.Identity("""[{"Sid":"Other","Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]""");
        var resource = TestPolicies.Resource("""[{"Sid":"Bucket","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}]""");

        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = "s3:GetObject",
            Resource = Object,
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [identity],
            ResourcePolicy = resource,
        });

        Assert.Equal(
            new[]
            {
                new MatchedStatement("arn:aws:iam::111122223333:policy/test", "user-managed", "Read", 1, false, "identity"),
                new MatchedStatement("arn:aws:s3:::bucket", "resource", "Bucket", 0, false, "resource"),
            },
            result.MatchedStatements);
        Assert.Equal("", result.Reason);
    }

    private static PolicyDocument? ResourcePolicy(string? principal, string action) => principal is null
        ? null
        : TestPolicies.Resource($$"""[{"Effect":"Allow","Principal":{"AWS":{{principal}}},"Action":"{{action}}","Resource":"*"}]""");
}
