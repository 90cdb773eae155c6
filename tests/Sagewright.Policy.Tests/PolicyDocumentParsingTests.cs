namespace Sagewright.Policy.Tests;

public sealed class PolicyDocumentParsingTests
{
    [Fact]
    public void Parse_StatementAsSingleObject_GivesOneStatement()
    {
        var document = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", PolicyKind.Identity);

        var statement = Assert.Single(document.Statements);
        Assert.Equal(["s3:*"], statement.Action!);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", null, false)]
    [InlineData("""{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", "2008-10-17", false)]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", "2012-10-17", true)]
    public void Parse_Version_DecidesPolicyVariableSupport(string json, string? version, bool variables)
    {
        var document = PolicyDocument.Parse(json, PolicyKind.Identity);

        Assert.Equal((version, variables), (document.Version, document.SupportsPolicyVariables));
    }

    [Fact]
    public void Parse_CarriesSourceAndIdAndStatementPositions()
    {
        var document = PolicyDocument.Parse(
            """{"Version":"2012-10-17","Id":"doc-1","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotAction":["iam:*","kms:*"],"NotResource":"arn:aws:s3:::x"}]}""",
            PolicyKind.Identity,
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "aws-managed");

        Assert.Equal(("arn:aws:iam::aws:policy/ReadOnlyAccess", "aws-managed", "doc-1"), (document.SourceId, document.SourceType, document.Id));
        Assert.Equal([0, 1], document.Statements.Select(s => s.Index));
        Assert.Equal([("A", PolicyEffect.Allow), (null, PolicyEffect.Deny)], document.Statements.Select(s => (s.Sid, s.Effect)));
        Assert.Equal(["iam:*", "kms:*"], document.Statements[1].NotAction!);
        Assert.Null(document.Statements[1].Action);
        Assert.Equal(["arn:aws:s3:::x"], document.Statements[1].NotResource!);
    }

    [Fact]
    public void Parse_DefaultSource_IsEmptyIdAndNoneType()
    {
        var document = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", PolicyKind.Identity);

        Assert.Equal(("", "none"), (document.SourceId, document.SourceType));
    }

    [Fact]
    public void Parse_ConditionValues_AreNormalisedToStrings()
    {
        var document = PolicyDocument.Parse(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":[10,2.5]},"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"a*"}}}]}""",
            PolicyKind.Identity);

        var conditions = document.Statements[0].Conditions;
        Assert.Equal(
            new[] { ("Bool", "aws:SecureTransport", "true"), ("NumericLessThan", "s3:max-keys", "10,2.5"), ("ForAnyValue:StringLikeIfExists", "aws:TagKeys", "a*") },
            conditions.Select(c => (c.Operator, c.Key, string.Join(",", c.Values))));
    }

    [Fact]
    public void Parse_PrincipalForms_AreExposed()
    {
        var document = PolicyDocument.Parse(
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},
              {"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:user/carol"],"Service":"events.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc123"},"Action":"s3:GetObject","Resource":"*"}]}
            """,
            PolicyKind.Resource);

        Assert.True(document.Statements[0].Principal!.IsEveryone);
        var principal = document.Statements[1].Principal!;
        Assert.False(principal.IsEveryone);
        Assert.Equal(["111122223333", "arn:aws:iam::444455556666:user/carol"], principal.Aws);
        Assert.Equal(["events.amazonaws.com"], principal.Service);
        Assert.Equal(["cognito-identity.amazonaws.com"], principal.Federated);
        Assert.Equal(["abc123"], principal.CanonicalUser);
    }

    [Fact]
    public void Parse_TrustPolicy_HasNoResourceElement()
    {
        var document = PolicyDocument.Parse(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}""",
            PolicyKind.Trust);

        Assert.Null(document.Statements[0].Resource);
        Assert.Null(document.Statements[0].NotResource);
    }
}
