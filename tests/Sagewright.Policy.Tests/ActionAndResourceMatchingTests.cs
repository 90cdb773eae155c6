namespace Sagewright.Policy.Tests;

public sealed class ActionAndResourceMatchingTests
{
    [Theory]
    [InlineData("s3:GetObject", "s3:GetObject", true)]
    [InlineData("s3:getobject", "s3:GetObject", true)]
    [InlineData("S3:Get*", "s3:GetObject", true)]
    [InlineData("s3:Get*", "s3:PutObject", false)]
    [InlineData("s3:*", "s3:PutObject", true)]
    [InlineData("*", "kms:Decrypt", true)]
    [InlineData("s3:Get?bject", "s3:GetObject", true)]
    [InlineData("s3:Get?bject", "s3:GetObbject", false)]
    [InlineData("s3:*Object", "s3:GetObject", true)]
    [InlineData("s3:*Object", "s3:GetObjectAcl", false)]
    [InlineData("s3:GetObject*", "s3:GetObject", true)]
    [InlineData("sagemaker:*", "s3:GetObject", false)]
    [InlineData("s3:GetObject", "s3:GetObjectAcl", false)]
    public void Evaluate_ActionPattern_MatchesCaseInsensitively(string pattern, string action, bool allowed)
    {
        var result = Evaluate($$"""{"Effect":"Allow","Action":"{{pattern}}","Resource":"*"}""", action, "arn:aws:s3:::bucket/key");

        Assert.Equal(allowed ? Decision.Allowed : Decision.ImplicitDeny, result.Decision);
    }

    [Theory]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true)]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false)]
    [InlineData("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-2/x", true)]
    [InlineData("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", false)]
    [InlineData("arn:aws:s3:::*/photos/*", "arn:aws:s3:::b/photos/cat.png", true)]
    [InlineData("*", "arn:aws:s3:::anything", true)]
    [InlineData("*", "*", true)]
    [InlineData("arn:aws:s3:::bucket", "*", false)]
    [InlineData("arn:aws:iam::111122223333:user/accounting/*", "arn:aws:iam::111122223333:user/accounting/bob", true)]
    [InlineData("arn:aws:iam::111122223333:user/accounting/*", "arn:aws:iam::111122223333:user/bob", false)]
    [InlineData("arn:aws:sagemaker:*:111122223333:model/*", "arn:aws:sagemaker:us-east-1:111122223333:model/m1", true)]
    [InlineData("arn:aws:sagemaker:us-east-1:*:model/*", "arn:aws:sagemaker:us-east-1:444455556666:model/m1", true)]
    [InlineData("arn:aws:sagemaker:us-east-?:111122223333:model/m1", "arn:aws:sagemaker:us-east-1:111122223333:model/m1", true)]
    [InlineData("arn:aws:sagemaker:us-*-1:111122223333:model/m1", "arn:aws:sagemaker:us-east-1:111122223333:model/m1", true)]
    [InlineData("arn:aws:sagemaker:*:111122223333:model/*", "arn:aws:sagemaker:us-east-1:111122223333:endpoint/e1", false)]
    [InlineData("arn:aws:sns:us-*1:111122223333:t", "arn:aws:sns:us-east:1:111122223333:t", false)]
    [InlineData("arn:aws:iam::*", "arn:aws:iam::111122223333:user/alice", true)]
    [InlineData("arn:aws:logs:us-east-1:111122223333:log-group:grp:*", "arn:aws:logs:us-east-1:111122223333:log-group:grp:log-stream:s", true)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/?", "arn:aws:kms:us-east-1:111122223333:key/ab", false)]
    public void Evaluate_ResourcePattern_MatchesCaseSensitivelyPerArnSegment(string pattern, string resource, bool allowed)
    {
        var result = Evaluate($$"""{"Effect":"Allow","Action":"*","Resource":"{{pattern}}"}""", "s3:GetObject", resource);

        Assert.Equal(allowed ? Decision.Allowed : Decision.ImplicitDeny, result.Decision);
    }

    [Fact]
    public void Evaluate_ResourceList_AnyEntryMatches()
    {
        var result = Evaluate("""{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]}""", "s3:GetObject", "arn:aws:s3:::b/k");

        Assert.Equal(Decision.Allowed, result.Decision);
    }

    [Theory]
    [InlineData("s3:GetObject", Decision.Allowed)]
    [InlineData("iam:CreateUser", Decision.ImplicitDeny)]
    [InlineData("IAM:createuser", Decision.ImplicitDeny)]
    public void Evaluate_AllowWithNotAction_AllowsEverythingButTheListedActions(string action, Decision expected)
    {
        var result = Evaluate("""{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}""", action, "arn:aws:s3:::bucket/key");

        Assert.Equal(expected, result.Decision);
    }

    [Theory]
    [InlineData("s3:GetObject", Decision.Allowed)]
    [InlineData("s3:PutObject", Decision.ExplicitDeny)]
    public void Evaluate_DenyWithNotAction_DeniesEverythingButTheListedActions(string action, Decision expected)
    {
        var result = Evaluate($$"""{{TestPolicies.AllowAll}},{"Effect":"Deny","NotAction":["s3:GetObject"],"Resource":"*"}""", action, "arn:aws:s3:::bucket/key");

        Assert.Equal(expected, result.Decision);
    }

    [Theory]
    [InlineData("arn:aws:s3:::bucket/x", Decision.Allowed)]
    [InlineData("arn:aws:s3:::secret/x", Decision.ImplicitDeny)]
    public void Evaluate_AllowWithNotResource_AllowsEverythingButTheListedResources(string resource, Decision expected)
    {
        var result = Evaluate("""{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}""", "s3:GetObject", resource);

        Assert.Equal(expected, result.Decision);
    }

    [Theory]
    [InlineData("arn:aws:s3:::public/x", Decision.Allowed)]
    [InlineData("arn:aws:s3:::private/x", Decision.ExplicitDeny)]
    public void Evaluate_DenyWithNotResource_DeniesEverythingButTheListedResources(string resource, Decision expected)
    {
        var result = Evaluate($$"""{{TestPolicies.AllowAll}},{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::public/*"]}""", "s3:GetObject", resource);

        Assert.Equal(expected, result.Decision);
    }

    private static EvaluationResult Evaluate(string statements, string action, string resource) =>
        PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = action,
            Resource = resource,
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [TestPolicies.Identity($"[{statements}]")],
        });
}
