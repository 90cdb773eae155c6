using System.Text.Json.Nodes;
using Sagewright.Core;
using Xunit;

namespace Sagewright.Iam.Tests;

public sealed class AssumeRoleTests : IamTestBase
{
    private static string Trust(string principal, string? condition = null) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{principal}}"},"Action":"sts:AssumeRole"{{(condition is null ? "" : "," + condition)}}}]}""";

    private async Task<string> CreateRoleAsync(TestAccount account, string name, string trust, string? rolePolicy = null, int? maxSession = null)
    {
        var input = Input(("RoleName", name), ("AssumeRolePolicyDocument", trust));
        if (maxSession is { } seconds)
        {
            input["MaxSessionDuration"] = seconds;
        }
        var role = await Host.IamAsync(account.Root, "CreateRole", input);
        if (rolePolicy is not null)
        {
            await Host.IamAsync(account.Root, "PutRolePolicy", Input(("RoleName", name), ("PolicyName", "p"), ("PolicyDocument", rolePolicy)));
        }
        return Text(role["Role"]!["Arn"]);
    }

    private Task<JsonObject> AssumeAsync(CallerIdentity caller, string roleArn, params (string Name, JsonNode? Value)[] extra)
    {
        var input = Input(("RoleArn", roleArn), ("RoleSessionName", "session1"));
        foreach (var (name, value) in extra)
        {
            input[name] = value;
        }
        return Host.CallAsync(caller, "sts", "AssumeRole", input);
    }

    private Task<AwsServiceException> AssumeFailsAsync(CallerIdentity caller, string roleArn, params (string Name, JsonNode? Value)[] extra)
    {
        var input = Input(("RoleArn", roleArn), ("RoleSessionName", "session1"));
        foreach (var (name, value) in extra)
        {
            input[name] = value;
        }
        return Host.FailsAsync(caller, "sts", "AssumeRole", input);
    }

    private async Task<ResolvedCredential> SessionAsync(JsonObject assumed)
    {
        var credentials = assumed["Credentials"]!;
        return (await Host.AuthenticateAsync(Text(credentials["AccessKeyId"]), Text(credentials["SessionToken"])))!;
    }

    [Fact]
    public async Task SameAccount_TrustNamingUser_NeedsNoIdentityPolicy()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "worker", Trust(alice.Arn), IamTestHost.Allow("iam:ListRoles"));

        var assumed = await AssumeAsync(alice, roleArn);

        var credentials = assumed["Credentials"]!;
        Assert.Matches("^ASIA[A-Z2-7]{16}$", Text(credentials["AccessKeyId"]));
        Assert.Equal(40, Text(credentials["SecretAccessKey"]).Length);
        Assert.True(Text(credentials["SessionToken"]).Length >= 300);
        Assert.Equal(Host.Time.Now.AddHours(1), credentials["Expiration"]!.GetValue<DateTimeOffset>());
        Assert.Equal($"arn:aws:sts::{Account.AccountId}:assumed-role/worker/session1", Text(assumed["AssumedRoleUser"]!["Arn"]));
        Assert.Matches("^AROA[A-Z2-7]{16}:session1$", Text(assumed["AssumedRoleUser"]!["AssumedRoleId"]));
    }

    [Fact]
    public async Task SameAccount_TrustNamingAccount_NeedsIdentityPolicy()
    {
        var roleArn = await CreateRoleAsync(Account, "worker", Trust($"arn:aws:iam::{Account.AccountId}:root"));
        var alice = await Host.NewUserAsync(Account, "alice");
        var bob = await Host.NewUserAsync(Account, "bob", IamTestHost.Allow("sts:AssumeRole", roleArn));

        var denied = await AssumeFailsAsync(alice, roleArn);
        await AssumeAsync(bob, roleArn);

        Assert.Equal("AccessDenied", denied.Code);
        Assert.Equal($"User: {alice.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn} "
            + "because no identity-based policy allows the sts:AssumeRole action", denied.Message);
    }

    [Fact]
    public async Task CrossAccount_NeedsTrustAndIdentityPolicy()
    {
        var b = await Host.NewAccountAsync();
        var trusting = await CreateRoleAsync(b, "trusting", Trust(Account.AccountId));
        var untrusting = await CreateRoleAsync(b, "untrusting", Trust($"arn:aws:iam::{b.AccountId}:root"));
        var allowed = await Host.NewUserAsync(Account, "allowed", IamTestHost.Allow("sts:AssumeRole"));
        var unallowed = await Host.NewUserAsync(Account, "unallowed");

        await AssumeAsync(allowed, trusting);
        Assert.Equal("AccessDenied", (await AssumeFailsAsync(unallowed, trusting)).Code);
        Assert.Equal("AccessDenied", (await AssumeFailsAsync(allowed, untrusting)).Code);
    }

    [Fact]
    public async Task CrossAccount_SessionActsInRoleAccountWithRolePolicy()
    {
        var b = await Host.NewAccountAsync();
        var roleArn = await CreateRoleAsync(b, "reader", Trust($"arn:aws:iam::{Account.AccountId}:root"), IamTestHost.Allow("iam:ListRoles"));
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("sts:AssumeRole"));

        var session = await SessionAsync(await AssumeAsync(alice, roleArn));
        var identity = await Host.CallAsync(session.Caller, "sts", "GetCallerIdentity", accessKeyId: session.AccessKeyId);
        var roles = await Host.CallAsync(session.Caller, "iam", "ListRoles", accessKeyId: session.AccessKeyId);
        var denied = await Host.FailsAsync(session.Caller, "iam", "ListUsers", accessKeyId: session.AccessKeyId);

        Assert.Equal(b.AccountId, Text(identity["Account"]));
        Assert.Equal($"arn:aws:sts::{b.AccountId}:assumed-role/reader/session1", Text(identity["Arn"]));
        Assert.Equal(["reader"], roles["Roles"]!.AsArray().Select(r => Text(r!["RoleName"])));
        Assert.Equal("AccessDenied", denied.Code);
        Assert.Contains($"arn:aws:sts::{b.AccountId}:assumed-role/reader/session1", denied.Message);
    }

    [Fact]
    public async Task SessionArn_DropsRolePath()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "pathed"), ("Path", "/service/"), ("AssumeRolePolicyDocument", Trust(alice.Arn))));

        var assumed = await AssumeAsync(alice, $"arn:aws:iam::{Account.AccountId}:role/service/pathed");
        var session = await SessionAsync(assumed);

        Assert.Equal($"arn:aws:sts::{Account.AccountId}:assumed-role/pathed/session1", session.Caller.Arn);
        Assert.Equal($"arn:aws:iam::{Account.AccountId}:role/service/pathed", session.Caller.RoleArn);
    }

    [Fact]
    public async Task ExternalIdCondition_MustMatch()
    {
        var b = await Host.NewAccountAsync();
        var condition = """ "Condition":{"StringEquals":{"sts:ExternalId":"s3cret"}} """;
        var roleArn = await CreateRoleAsync(b, "partner", Trust(Account.AccountId, condition));
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("sts:AssumeRole"));

        Assert.Equal("AccessDenied", (await AssumeFailsAsync(alice, roleArn)).Code);
        Assert.Equal("AccessDenied", (await AssumeFailsAsync(alice, roleArn, ("ExternalId", "wrong"))).Code);
        await AssumeAsync(alice, roleArn, ("ExternalId", "s3cret"));
    }

    [Fact]
    public async Task MissingRole_IsDeniedLikeAnUntrustingRole()
    {
        var b = await Host.NewAccountAsync();
        var existing = await CreateRoleAsync(b, "exists", Trust($"arn:aws:iam::{b.AccountId}:root"));
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("sts:AssumeRole"));
        var missing = $"arn:aws:iam::{b.AccountId}:role/missing";

        var forExisting = await AssumeFailsAsync(alice, existing);
        var forMissing = await AssumeFailsAsync(alice, missing);

        Assert.Equal("AccessDenied", forMissing.Code);
        Assert.Equal(forExisting.Message.Replace(existing, missing, StringComparison.Ordinal), forMissing.Message);
    }

    [Fact]
    public async Task DurationSeconds_OverRoleMaximum_ThrowsValidationError()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn), maxSession: 7200);

        var assumed = await AssumeAsync(alice, roleArn, ("DurationSeconds", 7200));
        var error = await AssumeFailsAsync(alice, roleArn, ("DurationSeconds", 7201));
        var tooShort = await AssumeFailsAsync(alice, roleArn, ("DurationSeconds", 899));

        Assert.Equal(Host.Time.Now.AddHours(2), assumed["Credentials"]!["Expiration"]!.GetValue<DateTimeOffset>());
        Assert.Equal("ValidationError", error.Code);
        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", error.Message);
        Assert.Equal("ValidationError", tooShort.Code);
    }

    [Fact]
    public async Task RoleChaining_IsLimitedToOneHour()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var first = await CreateRoleAsync(Account, "first", Trust(alice.Arn), maxSession: 43200);
        var second = await CreateRoleAsync(Account, "second", Trust(first), maxSession: 43200);
        var session = await SessionAsync(await AssumeAsync(alice, first));

        var error = await AssumeFailsAsync(session.Caller, second, ("DurationSeconds", 7200));
        var chained = await SessionAsync(await AssumeAsync(session.Caller, second));

        Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", error.Message);
        Assert.Equal($"arn:aws:sts::{Account.AccountId}:assumed-role/second/session1", chained.Caller.Arn);
    }

    [Fact]
    public async Task SessionPolicy_RestrictsTheSession()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn), IamTestHost.Allow("iam:List*"));

        var assumed = await AssumeAsync(alice, roleArn, ("Policy", IamTestHost.Allow("iam:ListRoles")));
        var session = await SessionAsync(assumed);

        await Host.CallAsync(session.Caller, "iam", "ListRoles", accessKeyId: session.AccessKeyId);
        var denied = await Host.FailsAsync(session.Caller, "iam", "ListUsers", accessKeyId: session.AccessKeyId);
        Assert.Contains("session policy", denied.Message);
        Assert.InRange(assumed["PackedPolicySize"]!.GetValue<int>(), 1, 100);
    }

    [Fact]
    public async Task SessionPolicyArns_AreUnionedWithInlinePolicy()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn), IamTestHost.Allow("iam:*"));

        var session = await SessionAsync(await AssumeAsync(alice, roleArn,
            ("Policy", IamTestHost.Allow("iam:ListRoles")),
            ("PolicyArns", new JsonArray(new JsonObject { ["arn"] = "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }))));

        await Host.CallAsync(session.Caller, "iam", "ListUsers", accessKeyId: session.AccessKeyId);
        await Host.CallAsync(session.Caller, "iam", "ListRoles", accessKeyId: session.AccessKeyId);
        Assert.Equal("AccessDenied", (await Host.FailsAsync(session.Caller, "iam", "CreateUser", Input(("UserName", "x")), session.AccessKeyId)).Code);
    }

    [Fact]
    public async Task SessionPolicy_Malformed_ThrowsMalformedPolicyDocument()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn));

        var error = await AssumeFailsAsync(alice, roleArn, ("Policy", Trust(alice.Arn)));

        Assert.Equal("MalformedPolicyDocument", error.Code);
        Assert.Equal("Policy document should not specify a principal.", error.Message);
    }

    [Fact]
    public async Task SessionPolicy_TooLarge_ThrowsPackedPolicyTooLarge()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn));
        var resources = string.Join(",", Enumerable.Range(0, 80).Select(i => $"\"arn:aws:s3:::bucket-{i:D3}/*\""));
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[{{resources}}]}]}""";

        var error = await AssumeFailsAsync(alice, roleArn, ("Policy", policy));

        Assert.Equal("PackedPolicyTooLarge", error.Code);
        Assert.Matches("^Packed policy consumes [0-9]+% of allotted space, please use smaller policy.$", error.Message);
    }

    [Fact]
    public async Task InvalidRoleSessionName_ThrowsValidationError()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn));

        var error = await Host.FailsAsync(alice, "sts", "AssumeRole", Input(("RoleArn", roleArn), ("RoleSessionName", "bad name")));

        Assert.Equal("ValidationError", error.Code);
    }

    [Fact]
    public async Task ExpiredSession_IsRejected()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn));
        var credentials = (await AssumeAsync(alice, roleArn, ("DurationSeconds", 900)))["Credentials"]!;
        var keyId = Text(credentials["AccessKeyId"]);

        Host.Time.Now = Host.Time.Now.AddSeconds(899);
        Assert.NotNull(await Host.AuthenticateAsync(keyId, Text(credentials["SessionToken"])));
        Host.Time.Now = Host.Time.Now.AddSeconds(1);

        var resolved = await Host.Credentials.FindAsync(keyId, CancellationToken.None);
        Assert.Equal(Host.Time.Now, resolved!.Expiration);
        Assert.Null(await Host.AuthenticateAsync(keyId, Text(credentials["SessionToken"])));
    }

    [Fact]
    public async Task WrongSessionToken_IsRejected()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn));
        var credentials = (await AssumeAsync(alice, roleArn))["Credentials"]!;

        Assert.Null(await Host.AuthenticateAsync(Text(credentials["AccessKeyId"]), "forged"));
        Assert.Null(await Host.AuthenticateAsync(Text(credentials["AccessKeyId"])));
    }

    [Fact]
    public async Task DeletingRole_EndsItsSessions()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn));
        var credentials = (await AssumeAsync(alice, roleArn))["Credentials"]!;

        await Host.IamAsync(Account.Root, "DeleteRole", Input(("RoleName", "r")));

        Assert.Null(await Host.AuthenticateAsync(Text(credentials["AccessKeyId"]), Text(credentials["SessionToken"])));
    }

    [Fact]
    public async Task AssumeRole_RecordsRoleLastUsed()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn));

        await AssumeAsync(alice, roleArn);

        var lastUsed = (await Host.IamAsync(Account.Root, "GetRole", Input(("RoleName", "r"))))["Role"]!["RoleLastUsed"]!;
        Assert.Equal(Host.Time.Now, lastUsed["LastUsedDate"]!.GetValue<DateTimeOffset>());
        Assert.Equal("us-east-1", Text(lastUsed["Region"]));
    }

    [Fact]
    public async Task GetCallerIdentity_ForRootAndUser()
    {
        var alice = await Host.NewUserAsync(Account, "alice");

        var root = await Host.CallAsync(Account.Root, "sts", "GetCallerIdentity");
        var user = await Host.CallAsync(alice, "sts", "GetCallerIdentity");

        Assert.Equal($"arn:aws:iam::{Account.AccountId}:root", Text(root["Arn"]));
        Assert.Equal(Account.AccountId, Text(root["UserId"]));
        Assert.Equal(alice.Arn, Text(user["Arn"]));
        Assert.StartsWith("AIDA", Text(user["UserId"]));
    }

    [Fact]
    public async Task GetSessionToken_ActsAsUserButCannotCallIam()
    {
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("iam:*"));

        var credentials = (await Host.CallAsync(alice, "sts", "GetSessionToken", Input(("DurationSeconds", 900))))["Credentials"]!;
        var session = (await Host.AuthenticateAsync(Text(credentials["AccessKeyId"]), Text(credentials["SessionToken"])))!;
        var identity = await Host.CallAsync(session.Caller, "sts", "GetCallerIdentity", accessKeyId: session.AccessKeyId);
        var iam = await Host.FailsAsync(session.Caller, "iam", "ListUsers", accessKeyId: session.AccessKeyId);
        var again = await Host.FailsAsync(session.Caller, "sts", "GetSessionToken", accessKeyId: session.AccessKeyId);

        Assert.Equal(alice.Arn, Text(identity["Arn"]));
        Assert.Equal("InvalidClientTokenId", iam.Code);
        Assert.Equal("AccessDenied", again.Code);
    }

    [Fact]
    public async Task GetAccessKeyInfo_ReturnsOwningAccount()
    {
        var other = await Host.NewAccountAsync();

        var info = await Host.CallAsync(Account.Root, "sts", "GetAccessKeyInfo", Input(("AccessKeyId", other.AccessKeyId)));

        Assert.Equal(other.AccountId, Text(info["Account"]));
    }

    [Fact]
    public async Task UnsupportedParameter_ThrowsNotImplemented()
    {
        var alice = await Host.NewUserAsync(Account, "alice");
        var roleArn = await CreateRoleAsync(Account, "r", Trust(alice.Arn));

        var error = await AssumeFailsAsync(alice, roleArn, ("SourceIdentity", "someone"));

        Assert.Equal("NotImplemented", error.Code);
        Assert.Equal(501, error.StatusCode);
    }
}
