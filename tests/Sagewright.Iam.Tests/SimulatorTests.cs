using System.Text.Json.Nodes;
using Xunit;

namespace Sagewright.Iam.Tests;

public sealed class SimulatorTests : IamTestBase
{
    private static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static Dictionary<string, string> Decisions(JsonObject output) =>
        output["EvaluationResults"]!.AsArray().ToDictionary(
            r => $"{Text(r!["EvalActionName"])} {Text(r["EvalResourceName"])}", r => Text(r!["EvalDecision"]));

    [Fact]
    public async Task SimulateCustomPolicy_ReportsAllowedImplicitAndExplicitDeny()
    {
        const string policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"s3:*","Resource":"*"},
              {"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}
            """;

        var output = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Input(
            ("PolicyInputList", Strings(policy)),
            ("ActionNames", Strings("s3:GetObject", "s3:DeleteBucket", "iam:ListUsers"))));

        Assert.Equal(new Dictionary<string, string>
        {
            ["s3:GetObject *"] = "allowed",
            ["s3:DeleteBucket *"] = "explicitDeny",
            ["iam:ListUsers *"] = "implicitDeny",
        }, Decisions(output));
        var allowed = output["EvaluationResults"]![0]!;
        var matched = Assert.Single(allowed["MatchedStatements"]!.AsArray());
        Assert.Equal("PolicyInputList.1", Text(matched!["SourcePolicyId"]));
    }

    [Fact]
    public async Task SimulateCustomPolicy_UsesContextEntries_AndReportsMissingKeys()
    {
        const string policy = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
              "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}
            """;
        JsonObject Request(params string[] ips)
        {
            var input = Input(("PolicyInputList", Strings(policy)), ("ActionNames", Strings("s3:GetObject")));
            if (ips.Length > 0)
            {
                input["ContextEntries"] = new JsonArray(new JsonObject
                {
                    ["ContextKeyName"] = "aws:SourceIp",
                    ["ContextKeyValues"] = Strings(ips),
                    ["ContextKeyType"] = "ip",
                });
            }
            return input;
        }

        var inside = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Request("10.1.2.3"));
        var outside = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Request("192.168.0.1"));
        var missing = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Request());

        Assert.Equal("allowed", Text(inside["EvaluationResults"]![0]!["EvalDecision"]));
        Assert.Equal("implicitDeny", Text(outside["EvaluationResults"]![0]!["EvalDecision"]));
        Assert.Equal("implicitDeny", Text(missing["EvaluationResults"]![0]!["EvalDecision"]));
        Assert.Contains("aws:SourceIp", missing["EvaluationResults"]![0]!["MissingContextValues"]!.AsArray().Select(v => v!.GetValue<string>()),
            StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SimulateCustomPolicy_EvaluatesEachResource()
    {
        var output = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Input(
            ("PolicyInputList", Strings(IamTestHost.Allow("s3:GetObject", "arn:aws:s3:::public/*"))),
            ("ActionNames", Strings("s3:GetObject")),
            ("ResourceArns", Strings("arn:aws:s3:::public/a", "arn:aws:s3:::private/a"))));

        Assert.Equal(new Dictionary<string, string>
        {
            ["s3:GetObject arn:aws:s3:::public/a"] = "allowed",
            ["s3:GetObject arn:aws:s3:::private/a"] = "implicitDeny",
        }, Decisions(output));
    }

    [Fact]
    public async Task SimulateCustomPolicy_BoundaryFiltersAllows()
    {
        var output = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Input(
            ("PolicyInputList", Strings(IamTestHost.Allow("s3:*"))),
            ("PermissionsBoundaryPolicyInputList", Strings(IamTestHost.Allow("s3:Get*"))),
            ("ActionNames", Strings("s3:GetObject", "s3:PutObject"))));

        Assert.Equal("allowed", Decisions(output)["s3:GetObject *"]);
        Assert.Equal("implicitDeny", Decisions(output)["s3:PutObject *"]);
    }

    [Fact]
    public async Task SimulateCustomPolicy_WithResourcePolicyAndCaller()
    {
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "alice")));
        var aliceArn = $"arn:aws:iam::{Account.AccountId}:user/alice";
        var bucketPolicy = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{aliceArn}}"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}
            """;

        var output = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Input(
            ("PolicyInputList", Strings(IamTestHost.Allow("s3:ListBucket"))),
            ("ResourcePolicy", bucketPolicy),
            ("CallerArn", aliceArn),
            ("ResourceOwner", $"arn:aws:iam::{Account.AccountId}:root"),
            ("ActionNames", Strings("s3:GetObject")),
            ("ResourceArns", Strings("arn:aws:s3:::b/key"))));

        var result = output["EvaluationResults"]![0]!;
        Assert.Equal("allowed", Text(result["EvalDecision"]));
        Assert.Equal("resource", Text(result["MatchedStatements"]![0]!["SourcePolicyType"]));
    }

    [Fact]
    public async Task SimulateCustomPolicy_MalformedInput_ThrowsInvalidInput()
    {
        var error = await Host.IamFailsAsync(Account.Root, "SimulateCustomPolicy", Input(
            ("PolicyInputList", Strings("{nope")), ("ActionNames", Strings("s3:GetObject"))));

        Assert.Equal("InvalidInput", error.Code);
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_UsesUsersInlineAndAttachedPolicies()
    {
        await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("s3:GetObject"));
        await Host.IamAsync(Account.Root, "AttachUserPolicy", Input(("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")));

        var output = await Host.IamAsync(Account.Root, "SimulatePrincipalPolicy", Input(
            ("PolicySourceArn", $"arn:aws:iam::{Account.AccountId}:user/alice"),
            ("ActionNames", Strings("s3:GetObject", "iam:ListUsers", "iam:CreateUser"))));

        Assert.Equal(new Dictionary<string, string>
        {
            ["s3:GetObject *"] = "allowed",
            ["iam:ListUsers *"] = "allowed",
            ["iam:CreateUser *"] = "implicitDeny",
        }, Decisions(output));
        var matched = output["EvaluationResults"]![1]!["MatchedStatements"]![0]!;
        Assert.Equal("IAMReadOnlyAccess", Text(matched["SourcePolicyId"]));
        Assert.Equal("aws-managed", Text(matched["SourcePolicyType"]));
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_ForRole_WithPolicyVariables()
    {
        await Host.IamAsync(Account.Root, "CreateRole", Input(("RoleName", "r"), ("AssumeRolePolicyDocument", RoleTests.TrustAccount(Account.AccountId))));
        await Host.IamAsync(Account.Root, "PutRolePolicy", Input(("RoleName", "r"), ("PolicyName", "p"),
            ("PolicyDocument", IamTestHost.Allow("sagemaker:DescribeModel"))));

        var output = await Host.IamAsync(Account.Root, "SimulatePrincipalPolicy", Input(
            ("PolicySourceArn", $"arn:aws:iam::{Account.AccountId}:role/r"),
            ("ActionNames", Strings("sagemaker:DescribeModel", "sagemaker:DeleteModel"))));

        Assert.Equal("allowed", Decisions(output)["sagemaker:DescribeModel *"]);
        Assert.Equal("implicitDeny", Decisions(output)["sagemaker:DeleteModel *"]);
        Assert.Equal("role", Text(output["EvaluationResults"]![0]!["MatchedStatements"]![0]!["SourcePolicyType"]));
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_MissingUser_ThrowsNoSuchEntity()
    {
        var error = await Host.IamFailsAsync(Account.Root, "SimulatePrincipalPolicy", Input(
            ("PolicySourceArn", $"arn:aws:iam::{Account.AccountId}:user/ghost"), ("ActionNames", Strings("s3:GetObject"))));

        Assert.Equal("NoSuchEntity", error.Code);
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_RequiresPermissionOnThePrincipal()
    {
        var alice = await Host.NewUserAsync(Account, "alice", IamTestHost.Allow("iam:SimulatePrincipalPolicy", $"arn:aws:iam::{Account.AccountId}:user/alice"));
        await Host.IamAsync(Account.Root, "CreateUser", Input(("UserName", "bob")));

        await Host.IamAsync(alice, "SimulatePrincipalPolicy", Input(("PolicySourceArn", alice.Arn), ("ActionNames", Strings("s3:GetObject"))));
        var error = await Host.IamFailsAsync(alice, "SimulatePrincipalPolicy",
            Input(("PolicySourceArn", $"arn:aws:iam::{Account.AccountId}:user/bob"), ("ActionNames", Strings("s3:GetObject"))));

        Assert.Equal("AccessDenied", error.Code);
    }

    [Fact]
    public async Task Simulate_Paginates()
    {
        var actions = Enumerable.Range(0, 5).Select(i => $"s3:Action{i}").ToArray();
        var first = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Input(
            ("PolicyInputList", Strings(IamTestHost.Allow("s3:*"))), ("ActionNames", Strings(actions)), ("MaxItems", 3)));
        var rest = await Host.IamAsync(Account.Root, "SimulateCustomPolicy", Input(
            ("PolicyInputList", Strings(IamTestHost.Allow("s3:*"))), ("ActionNames", Strings(actions)), ("Marker", Text(first["Marker"]))));

        Assert.True(first["IsTruncated"]!.GetValue<bool>());
        Assert.Equal(3, first["EvaluationResults"]!.AsArray().Count);
        Assert.Equal(["s3:Action3", "s3:Action4"], rest["EvaluationResults"]!.AsArray().Select(r => Text(r!["EvalActionName"])));
    }
}
