namespace Sagewright.Policy.Tests;

/// <summary>
/// Each row: an identity policy allowing s3:GetObject under one Condition block, a request context, and whether the
/// request is allowed. Missing keys: false, except negated operators (true), ...IfExists (true), ForAllValues (true).
/// </summary>
public sealed class ConditionOperatorTests
{
    [Theory]
    [InlineData("""{"StringEquals":{"aws:username":"alice"}}""", "aws:username=alice", true)]
    [InlineData("""{"StringEquals":{"aws:username":"alice"}}""", "aws:username=Alice", false)]
    [InlineData("""{"StringEquals":{"aws:username":"alice"}}""", "", false)]
    [InlineData("""{"StringEquals":{"aws:username":["bob","alice"]}}""", "aws:username=alice", true)]
    [InlineData("""{"StringNotEquals":{"aws:username":"alice"}}""", "aws:username=bob", true)]
    [InlineData("""{"StringNotEquals":{"aws:username":"alice"}}""", "aws:username=alice", false)]
    [InlineData("""{"StringNotEquals":{"aws:username":"alice"}}""", "", true)]
    [InlineData("""{"StringNotEquals":{"aws:username":["alice","bob"]}}""", "aws:username=bob", false)]
    [InlineData("""{"StringEqualsIgnoreCase":{"aws:username":"ALICE"}}""", "aws:username=alice", true)]
    [InlineData("""{"StringEqualsIgnoreCase":{"aws:username":"ALICE"}}""", "", false)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"aws:username":"ALICE"}}""", "aws:username=alice", false)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"aws:username":"ALICE"}}""", "aws:username=bob", true)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"aws:username":"ALICE"}}""", "", true)]
    [InlineData("""{"StringLike":{"aws:username":"al*"}}""", "aws:username=alice", true)]
    [InlineData("""{"StringLike":{"aws:username":"a?ice"}}""", "aws:username=alice", true)]
    [InlineData("""{"StringLike":{"aws:username":"a?ice"}}""", "aws:username=aliice", false)]
    [InlineData("""{"StringLike":{"aws:username":"AL*"}}""", "aws:username=alice", false)]
    [InlineData("""{"StringLike":{"aws:username":"*"}}""", "aws:username=", true)]
    [InlineData("""{"StringLike":{"aws:username":"al*"}}""", "", false)]
    [InlineData("""{"StringNotLike":{"aws:username":"al*"}}""", "aws:username=alice", false)]
    [InlineData("""{"StringNotLike":{"aws:username":"al*"}}""", "aws:username=bob", true)]
    [InlineData("""{"StringNotLike":{"aws:username":"al*"}}""", "", true)]
    [InlineData("""{"StringEqualsIfExists":{"aws:username":"alice"}}""", "", true)]
    [InlineData("""{"StringEqualsIfExists":{"aws:username":"alice"}}""", "aws:username=bob", false)]
    [InlineData("""{"StringEqualsIfExists":{"aws:username":"alice"}}""", "aws:username=alice", true)]
    [InlineData("""{"StringNotEqualsIfExists":{"aws:username":"alice"}}""", "aws:username=alice", false)]
    [InlineData("""{"StringLikeIfExists":{"aws:username":"x*"}}""", "", true)]
    public void Evaluate_StringOperators(string condition, string context, bool allowed) => AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("""{"NumericEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=10", true)]
    [InlineData("""{"NumericEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=10.0", true)]
    [InlineData("""{"NumericEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=11", false)]
    [InlineData("""{"NumericEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=ten", false)]
    [InlineData("""{"NumericEquals":{"s3:max-keys":10}}""", "s3:max-keys=10", true)]
    [InlineData("""{"NumericNotEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=11", true)]
    [InlineData("""{"NumericNotEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=10", false)]
    [InlineData("""{"NumericNotEquals":{"s3:max-keys":"10"}}""", "", true)]
    [InlineData("""{"NumericLessThan":{"s3:max-keys":"10"}}""", "s3:max-keys=9", true)]
    [InlineData("""{"NumericLessThan":{"s3:max-keys":"10"}}""", "s3:max-keys=10", false)]
    [InlineData("""{"NumericLessThan":{"s3:max-keys":"10"}}""", "s3:max-keys=-3.5", true)]
    [InlineData("""{"NumericLessThan":{"s3:max-keys":"10"}}""", "", false)]
    [InlineData("""{"NumericLessThanIfExists":{"s3:max-keys":"10"}}""", "", true)]
    [InlineData("""{"NumericLessThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=10", true)]
    [InlineData("""{"NumericLessThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=11", false)]
    [InlineData("""{"NumericGreaterThan":{"s3:max-keys":"10"}}""", "s3:max-keys=11", true)]
    [InlineData("""{"NumericGreaterThan":{"s3:max-keys":"10"}}""", "s3:max-keys=10", false)]
    [InlineData("""{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=10", true)]
    [InlineData("""{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys=9", false)]
    [InlineData("""{"NumericGreaterThan":{"s3:max-keys":"1e3"}}""", "s3:max-keys=1001", true)]
    public void Evaluate_NumericOperators(string condition, string context, bool allowed) => AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", true)]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""", "aws:CurrentTime=2031-01-01T00:00:00Z", false)]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""", "", false)]
    [InlineData("""{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", true)]
    [InlineData("""{"DateGreaterThan":{"aws:CurrentTime":"2026-01-01"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", false)]
    [InlineData("""{"DateEquals":{"aws:CurrentTime":"2025-06-01T12:00:00Z"}}""", "aws:CurrentTime=2025-06-01T14:00:00+02:00", true)]
    [InlineData("""{"DateNotEquals":{"aws:CurrentTime":"2025-06-01T12:00:00Z"}}""", "aws:CurrentTime=2025-06-01T14:00:00+02:00", false)]
    [InlineData("""{"DateNotEquals":{"aws:CurrentTime":"2025-06-01T12:00:00Z"}}""", "aws:CurrentTime=2025-06-01T12:00:01Z", true)]
    [InlineData("""{"DateLessThanEquals":{"aws:CurrentTime":"2025-06-01T12:00:00Z"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", true)]
    [InlineData("""{"DateGreaterThanEquals":{"aws:CurrentTime":"2025-06-01T12:00:00Z"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", true)]
    [InlineData("""{"DateGreaterThanEquals":{"aws:CurrentTime":"2025-06-01T12:00:01Z"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", false)]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"1893456000"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", true)]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":1893456000}}""", "aws:CurrentTime=2030-01-01T00:00:01Z", false)]
    [InlineData("""{"DateGreaterThan":{"aws:EpochTime":"2020-01-01T00:00:00Z"}}""", "aws:EpochTime=1700000000", true)]
    [InlineData("""{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}""", "aws:CurrentTime=yesterday", false)]
    [InlineData("""{"DateGreaterThanIfExists":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}""", "", true)]
    public void Evaluate_DateOperators(string condition, string context, bool allowed) => AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "aws:SecureTransport=true", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "aws:SecureTransport=false", false)]
    [InlineData("""{"Bool":{"aws:SecureTransport":true}}""", "aws:SecureTransport=true", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "aws:SecureTransport=TRUE", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"false"}}""", "aws:SecureTransport=true", false)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "", false)]
    [InlineData("""{"BoolIfExists":{"aws:SecureTransport":"true"}}""", "", true)]
    [InlineData("""{"BinaryEquals":{"ex:Blob":"QmluYXJ5VmFsdWU="}}""", "ex:Blob=QmluYXJ5VmFsdWU=", true)]
    [InlineData("""{"BinaryEquals":{"ex:Blob":"QmluYXJ5VmFsdWU="}}""", "ex:Blob=T3RoZXJWYWx1ZQ==", false)]
    [InlineData("""{"BinaryEquals":{"ex:Blob":"QmluYXJ5VmFsdWU="}}""", "ex:Blob=not base64!", false)]
    [InlineData("""{"BinaryEquals":{"ex:Blob":"QmluYXJ5VmFsdWU="}}""", "", false)]
    public void Evaluate_BoolAndBinaryOperators(string condition, string context, bool allowed) => AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=203.0.113.7", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=203.0.114.1", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}""", "aws:SourceIp=203.0.113.7", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.9/24"}}""", "aws:SourceIp=203.0.113.200", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"10.0.0.0/12"}}""", "aws:SourceIp=10.15.255.255", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"10.0.0.0/12"}}""", "aws:SourceIp=10.16.0.0", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}""", "aws:SourceIp=198.51.100.1", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}""", "aws:SourceIp=2001:db8:1::5", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}""", "aws:SourceIp=2001:db9::1", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=2001:db8::1", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=::ffff:203.0.113.7", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":["198.51.100.0/24","203.0.113.0/24"]}}""", "aws:SourceIp=203.0.113.7", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=not-an-ip", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "", false)]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""", "aws:SourceIp=10.1.2.3", false)]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""", "aws:SourceIp=192.168.1.1", true)]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""", "", true)]
    public void Evaluate_IpAddressOperators(string condition, string context, bool allowed) => AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic-*"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:111122223333:topic-a", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic-*"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:444455556666:topic-a", false)]
    [InlineData("""{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:111122223333:t", true)]
    [InlineData("""{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-?:111122223333:t"}}""", "aws:SourceArn=arn:aws:sns:us-east-2:111122223333:t", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:*:us-east-1:111122223333:t"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:111122223333:t", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:1111*:t"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:111122223333:extra:t", false)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:logs:us-east-1:111122223333:log-group:*"}}""", "aws:SourceArn=arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:t"}}""", "aws:SourceArn=hello", false)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:SNS:*:111122223333:t"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:111122223333:t", false)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:t"}}""", "", false)]
    [InlineData("""{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:111122223333:t", false)]
    [InlineData("""{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}""", "aws:SourceArn=arn:aws:sns:us-east-1:444455556666:t", true)]
    [InlineData("""{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}}""", "", true)]
    public void Evaluate_ArnOperators(string condition, string context, bool allowed) => AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("""{"Null":{"aws:TokenIssueTime":"true"}}""", "", true)]
    [InlineData("""{"Null":{"aws:TokenIssueTime":"true"}}""", "aws:TokenIssueTime=2025-01-01T00:00:00Z", false)]
    [InlineData("""{"Null":{"aws:TokenIssueTime":"false"}}""", "aws:TokenIssueTime=2025-01-01T00:00:00Z", true)]
    [InlineData("""{"Null":{"aws:TokenIssueTime":"false"}}""", "", false)]
    [InlineData("""{"Null":{"aws:TokenIssueTime":true}}""", "", true)]
    [InlineData("""{"Null":{"aws:TokenIssueTime":"true"}}""", "aws:TokenIssueTime", true)]
    public void Evaluate_NullOperator_TestsPresence(string condition, string context, bool allowed) => AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("""{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}""", "aws:TagKeys=a|b", true)]
    [InlineData("""{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}""", "aws:TagKeys=a", true)]
    [InlineData("""{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}""", "aws:TagKeys=a|c", false)]
    [InlineData("""{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}""", "", true)]
    [InlineData("""{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}""", "aws:TagKeys", true)]
    [InlineData("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}""", "aws:TagKeys=c|b", true)]
    [InlineData("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}""", "aws:TagKeys=c|d", false)]
    [InlineData("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}""", "", false)]
    [InlineData("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}""", "aws:TagKeys", false)]
    [InlineData("""{"ForAllValues:StringNotEquals":{"aws:TagKeys":"x"}}""", "aws:TagKeys=a|b", true)]
    [InlineData("""{"ForAllValues:StringNotEquals":{"aws:TagKeys":"x"}}""", "aws:TagKeys=a|x", false)]
    [InlineData("""{"ForAllValues:StringNotEquals":{"aws:TagKeys":"x"}}""", "", true)]
    [InlineData("""{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"x"}}""", "aws:TagKeys=x|a", true)]
    [InlineData("""{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"x"}}""", "aws:TagKeys=x", false)]
    [InlineData("""{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"x"}}""", "", false)]
    [InlineData("""{"ForAllValues:StringLike":{"aws:TagKeys":"env-*"}}""", "aws:TagKeys=env-a|env-b", true)]
    [InlineData("""{"ForAllValues:StringLike":{"aws:TagKeys":"env-*"}}""", "aws:TagKeys=env-a|prod", false)]
    [InlineData("""{"ForAnyValue:StringLike":{"aws:TagKeys":"env-*"}}""", "aws:TagKeys=prod|env-a", true)]
    [InlineData("""{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"a"}}""", "", true)]
    [InlineData("""{"ForAnyValue:StringEqualsIgnoreCase":{"aws:TagKeys":"A"}}""", "aws:TagKeys=b|a", true)]
    [InlineData("""{"StringEquals":{"aws:TagKeys":"a"}}""", "aws:TagKeys=c|a", true)]
    [InlineData("""{"StringNotEquals":{"aws:TagKeys":"a"}}""", "aws:TagKeys=c|a", false)]
    [InlineData("""{"ForAllValues:NumericLessThan":{"ex:Sizes":"10"}}""", "ex:Sizes=1|9", true)]
    [InlineData("""{"ForAllValues:NumericLessThan":{"ex:Sizes":"10"}}""", "ex:Sizes=1|19", false)]
    public void Evaluate_SetOperators(string condition, string context, bool allowed) => AssertCondition(condition, context, allowed);

    [Theory]
    [InlineData("""{"StringEquals":{"aws:username":"alice","aws:PrincipalType":"User"}}""", "aws:username=alice;aws:PrincipalType=User", true)]
    [InlineData("""{"StringEquals":{"aws:username":"alice","aws:PrincipalType":"User"}}""", "aws:username=alice;aws:PrincipalType=AssumedRole", false)]
    [InlineData("""{"StringEquals":{"aws:username":"alice"},"Bool":{"aws:SecureTransport":"true"}}""", "aws:username=alice;aws:SecureTransport=true", true)]
    [InlineData("""{"StringEquals":{"aws:username":"alice"},"Bool":{"aws:SecureTransport":"true"}}""", "aws:username=alice;aws:SecureTransport=false", false)]
    [InlineData("""{"StringEquals":{"AWS:USERNAME":"alice"}}""", "aws:username=alice", true)]
    [InlineData("""{"StringEquals":{"aws:username":"alice"}}""", "AWS:UserName=alice", true)]
    public void Evaluate_KeysAndOperatorsCombineWithAnd_KeyNamesIgnoreCase(string condition, string context, bool allowed) =>
        AssertCondition(condition, context, allowed);

    internal static void AssertCondition(string condition, string context, bool allowed)
    {
        var policy = TestPolicies.Identity($$"""[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{condition}}}]""");
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Callers.Alice,
            Action = "s3:GetObject",
            Resource = "arn:aws:s3:::bucket/key",
            ResourceAccount = Accounts.Home,
            IdentityPolicies = [policy],
            Context = TestPolicies.Context(context),
        });

        Assert.Equal(allowed ? Decision.Allowed : Decision.ImplicitDeny, result.Decision);
    }
}
