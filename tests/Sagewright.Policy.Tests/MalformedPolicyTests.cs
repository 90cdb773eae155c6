namespace Sagewright.Policy.Tests;

public sealed class MalformedPolicyTests
{
    private const string Statement = """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""";
    private const string ResourceStatement = """{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}""";

    public static TheoryData<PolicyKind, string, string> Documents => new()
    {
        { PolicyKind.Identity, "not json", "Syntax errors in policy." },
        { PolicyKind.Identity, "", "Syntax errors in policy." },
        { PolicyKind.Identity, "[]", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",}]}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17"}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17","Statement":"x"}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17","Statement":[]}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17","Statement":["x"]}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Foo":1}]}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17","Condition":{},"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17","Id":5,"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}]}""", "Syntax errors in policy." },
        { PolicyKind.Identity, """{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", "The policy failed legacy parsing" },
        { PolicyKind.Identity, """{"Version":2012,"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", "The policy failed legacy parsing" },
        { PolicyKind.Identity, Doc("""{"Action":"s3:*","Resource":"*"}"""), "Missing required field Effect" },
        { PolicyKind.Identity, Doc("""{"Effect":"Permit","Action":"s3:*","Resource":"*"}"""), "Invalid effect: Permit" },
        { PolicyKind.Identity, Doc("""{"Effect":"allow","Action":"s3:*","Resource":"*"}"""), "Invalid effect: allow" },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Resource":"*"}"""), "Policy statement must contain actions." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":[],"Resource":"*"}"""), "Policy statement must contain actions." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"GetObject","Resource":"*"}"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":":GetObject","Resource":"*"}"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:Get:Object","Resource":"*"}"""), "Actions/Condition can contain only one colon." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":5,"Resource":"*"}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*"}"""), "Missing required field Resource" },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":[]}"""), "Missing required field Resource" },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}"""), "Resource bucket must be in ARN format or \"*\"." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:*:::bucket"}"""), "Resource vendor must be fully qualified and cannot contain regexes." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}"""), "Policy document should not specify a principal." },
        { PolicyKind.Session, Doc("""{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"""), "Policy document should not specify a principal." },
        { PolicyKind.PermissionsBoundary, Doc("""{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"""), "Policy document should not specify a principal." },
        { PolicyKind.Identity, Doc("""{"Sid":"Read-Only","Effect":"Allow","Action":"s3:*","Resource":"*"}"""), "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*" },
        { PolicyKind.Identity, Doc($$"""{"Sid":"One","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"One","Effect":"Deny","Action":"iam:*","Resource":"*"}"""), "Statement IDs (SID) in a single policy must be unique." },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}"""), "Missing required field Principal" },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Principal":"*","Action":"s3:*"}"""), "Missing required field Resource" },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"s3:*","Resource":"*"}"""), "Invalid principal in policy: \"AWS\":\"alice\"" },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/*"},"Action":"s3:*","Resource":"*"}"""), "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111122223333:user/*\"" },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Principal":{"AWS":"12345"},"Action":"s3:*","Resource":"*"}"""), "Invalid principal in policy: \"AWS\":\"12345\"" },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/devs"},"Action":"s3:*","Resource":"*"}"""), "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111122223333:group/devs\"" },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Principal":"alice","Action":"s3:*","Resource":"*"}"""), "Syntax errors in policy." },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Principal":{"Foo":"x"},"Action":"s3:*","Resource":"*"}"""), "Syntax errors in policy." },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","Principal":{},"Action":"s3:*","Resource":"*"}"""), "Syntax errors in policy." },
        { PolicyKind.Resource, Doc("""{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"""), "Syntax errors in policy." },
        { PolicyKind.Resource, Doc("""{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"""), "NotPrincipal must be used with \"Effect\":\"Deny\"." },
        { PolicyKind.Trust, Doc("""{"Effect":"Allow","Action":"sts:AssumeRole"}"""), "Missing required field Principal" },
        { PolicyKind.Trust, Doc("""{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Resource":"*"}"""), "Has prohibited field Resource" },
        { PolicyKind.Trust, Doc("""{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","NotResource":"*"}"""), "Has prohibited field NotResource" },
        { PolicyKind.Trust, Doc("""{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}"""), "Has prohibited field NotPrincipal" },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:Null":{"aws:username":"true"}}}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"username":"a"}}}"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":"b"}}}}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":null}}}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"aws:username":"a"}}"""), "Syntax errors in policy." },
        { PolicyKind.Identity, Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":[]}"""), "Syntax errors in policy." },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Parse_MalformedDocument_ThrowsWithIamMessage(PolicyKind kind, string json, string message)
    {
        var exception = Assert.Throws<MalformedPolicyException>(() => PolicyDocument.Parse(json, kind));

        Assert.Equal(message, exception.Message);
    }

    [Theory]
    [InlineData(PolicyKind.Identity, Statement)]
    [InlineData(PolicyKind.Session, Statement)]
    [InlineData(PolicyKind.PermissionsBoundary, Statement)]
    [InlineData(PolicyKind.Resource, ResourceStatement)]
    [InlineData(PolicyKind.Resource, """{"Sid":"Public read, v2","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}""")]
    [InlineData(PolicyKind.Resource, """{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:sts::111122223333:assumed-role/R/s"]},"Action":"s3:*","Resource":"*"}""")]
    [InlineData(PolicyKind.Trust, """{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}""")]
    [InlineData(PolicyKind.Trust, """{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/path/R"},"Action":["sts:AssumeRole","sts:TagSession"]}""")]
    public void Parse_ValidDocument_ForItsKind_Succeeds(PolicyKind kind, string statement)
    {
        var document = PolicyDocument.Parse(Doc(statement), kind);

        Assert.Equal(kind, document.Kind);
        Assert.Single(document.Statements);
    }

    private static string Doc(string statements) => $$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""";
}
