namespace Sagewright.Policy.Tests;

/// <summary>
/// Policy variables exist only in Version 2012-10-17 documents, in Resource/NotResource and in String*/Arn* condition values.
/// Substituted text is literal; an unresolvable variable makes that value match nothing.
/// </summary>
public sealed class PolicyVariableTests
{
    [Theory]
    [InlineData("arn:aws:s3:::home/${aws:username}/*", "aws:username=alice", "arn:aws:s3:::home/alice/notes.txt", true)]
    [InlineData("arn:aws:s3:::home/${aws:username}/*", "aws:username=alice", "arn:aws:s3:::home/bob/notes.txt", false)]
    [InlineData("arn:aws:s3:::home/${aws:username}/*", "", "arn:aws:s3:::home//notes.txt", false)]
    [InlineData("arn:aws:s3:::home/${AWS:UserName}/*", "aws:username=alice", "arn:aws:s3:::home/alice/x", true)]
    [InlineData("arn:aws:s3:::home/${aws:userid}/*", "aws:userid=AROAEXAMPLE:s1", "arn:aws:s3:::home/AROAEXAMPLE:s1/x", true)]
    [InlineData("arn:aws:s3:::home/${aws:username, 'anonymous'}/*", "", "arn:aws:s3:::home/anonymous/x", true)]
    [InlineData("arn:aws:s3:::home/${aws:username, 'anonymous'}/*", "aws:username=alice", "arn:aws:s3:::home/anonymous/x", false)]
    [InlineData("arn:aws:s3:::home/${ aws:username , 'anon' }/*", "", "arn:aws:s3:::home/anon/x", true)]
    [InlineData("arn:aws:s3:::home/${ex:missing, 'it''s'}", "", "arn:aws:s3:::home/it's", true)]
    [InlineData("arn:aws:s3:::bucket/${*}", "", "arn:aws:s3:::bucket/*", true)]
    [InlineData("arn:aws:s3:::bucket/${*}", "", "arn:aws:s3:::bucket/anything", false)]
    [InlineData("arn:aws:s3:::bucket/a${?}", "", "arn:aws:s3:::bucket/a?", true)]
    [InlineData("arn:aws:s3:::bucket/a${?}", "", "arn:aws:s3:::bucket/ab", false)]
    [InlineData("arn:aws:s3:::bucket/${$}{aws:username}", "aws:username=alice", "arn:aws:s3:::bucket/${aws:username}", true)]
    [InlineData("arn:aws:s3:::bucket/${$}{aws:username}", "aws:username=alice", "arn:aws:s3:::bucket/alice", false)]
    [InlineData("arn:aws:s3:::bucket/${aws:username}", "aws:username=a*", "arn:aws:s3:::bucket/abc", false)]
    [InlineData("arn:aws:s3:::bucket/${aws:username}", "aws:username=a*", "arn:aws:s3:::bucket/a*", true)]
    [InlineData("arn:aws:s3:::bucket/${aws:username}/*", "aws:username=a|b", "arn:aws:s3:::bucket/a/x", false)]
    [InlineData("arn:aws:s3:::bucket/${aws:username", "aws:username=alice", "arn:aws:s3:::bucket/alice", false)]
    [InlineData("arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*", "aws:PrincipalTag/team=ml", "arn:aws:s3:::bucket/ml/x", true)]
    public void Evaluate_ResourceWithPolicyVariable(string resourcePattern, string context, string resource, bool allowed)
    {
        var policy = TestPolicies.Identity($$"""[{"Effect":"Allow","Action":"s3:*","Resource":"{{resourcePattern}}"}]""");

        Assert.Equal(allowed ? Decision.Allowed : Decision.ImplicitDeny, Evaluate(policy, resource, context).Decision);
    }

    [Theory]
    [InlineData("2008-10-17", "arn:aws:s3:::home/${aws:username}/x", true)]
    [InlineData("2008-10-17", "arn:aws:s3:::home/alice/x", false)]
    [InlineData(null, "arn:aws:s3:::home/${aws:username}/x", true)]
    [InlineData(null, "arn:aws:s3:::home/alice/x", false)]
    [InlineData("2012-10-17", "arn:aws:s3:::home/alice/x", true)]
    public void Evaluate_PolicyVariables_AreLiteralTextBeforeVersion2012(string? version, string resource, bool allowed)
    {
        var policy = TestPolicies.Identity("""[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]""", version);

        Assert.Equal(allowed ? Decision.Allowed : Decision.ImplicitDeny, Evaluate(policy, resource, "aws:username=alice").Decision);
    }

    [Theory]
    [InlineData("""{"StringLike":{"s3:prefix":"${aws:username}/*"}}""", "aws:username=alice;s3:prefix=alice/docs", true)]
    [InlineData("""{"StringLike":{"s3:prefix":"${aws:username}/*"}}""", "aws:username=alice;s3:prefix=bob/docs", false)]
    [InlineData("""{"StringLike":{"s3:prefix":"${aws:username}/*"}}""", "s3:prefix=/docs", false)]
    [InlineData("""{"StringEquals":{"s3:prefix":"${aws:username}"}}""", "aws:username=alice;s3:prefix=alice", true)]
    [InlineData("""{"StringEquals":{"s3:prefix":["${ex:missing}","fallback"]}}""", "s3:prefix=fallback", true)]
    [InlineData("""{"StringNotEquals":{"s3:prefix":"${ex:missing}"}}""", "s3:prefix=anything", true)]
    [InlineData("""{"StringEquals":{"s3:prefix":"${*}"}}""", "s3:prefix=*", true)]
    [InlineData("""{"StringLike":{"s3:prefix":"${*}"}}""", "s3:prefix=abc", false)]
    [InlineData("""{"StringEqualsIgnoreCase":{"s3:prefix":"${aws:username}"}}""", "aws:username=Alice;s3:prefix=ALICE", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:iam::111122223333:user/${aws:username}"}}""", "aws:username=alice;aws:SourceArn=arn:aws:iam::111122223333:user/alice", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:iam::111122223333:user/${aws:username}"}}""", "aws:username=bob;aws:SourceArn=arn:aws:iam::111122223333:user/alice", false)]
    [InlineData("""{"NumericEquals":{"s3:max-keys":"${ex:limit}"}}""", "ex:limit=10;s3:max-keys=10", false)]
    public void Evaluate_ConditionValueWithPolicyVariable(string condition, string context, bool allowed) =>
        ConditionOperatorTests.AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("aws:username=alice", "arn:aws:s3:::home/alice/x", Decision.Allowed)]
    [InlineData("aws:username=alice", "arn:aws:s3:::home/bob/x", Decision.ExplicitDeny)]
    [InlineData("", "arn:aws:s3:::home/alice/x", Decision.ExplicitDeny)]
    public void Evaluate_DenyWithNotResourceVariable_UnresolvedVariableExcludesNothing(string context, string resource, Decision expected)
    {
        var policy = TestPolicies.Identity($$"""
            [{{TestPolicies.AllowAll}},
             {"Effect":"Deny","Action":"s3:GetObject","NotResource":"arn:aws:s3:::home/${aws:username}/*"}]
            """);

        Assert.Equal(expected, Evaluate(policy, resource, context).Decision);
    }

    private static EvaluationResult Evaluate(PolicyDocument policy, string resource, string context) =>
        PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = "s3:GetObject",
            Resource = resource,
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [policy],
            Context = TestPolicies.Context(context),
        });
}
