using System.Text.Json.Nodes;
using Xunit;

namespace Sagewright.Iam.Tests;

/// <summary>Every operation that needs a permission refuses a caller without one, before doing anything.</summary>
public sealed class AccessDeniedTests : IamTestBase
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""";
    private const string Document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";

    /// <summary>A valid input for each operation, by the account it runs in.</summary>
    private static readonly Dictionary<string, Func<string, JsonObject>> Inputs = new()
    {
        ["iam:CreateUser"] = _ => new() { ["UserName"] = "target" },
        ["iam:GetUser"] = _ => new() { ["UserName"] = "target" },
        ["iam:ListUsers"] = _ => [],
        ["iam:DeleteUser"] = _ => new() { ["UserName"] = "target" },
        ["iam:TagUser"] = _ => new() { ["UserName"] = "target", ["Tags"] = UserTests.Tags(("k", "v")) },
        ["iam:UntagUser"] = _ => new() { ["UserName"] = "target", ["TagKeys"] = new JsonArray("k") },
        ["iam:ListUserTags"] = _ => new() { ["UserName"] = "target" },
        ["iam:PutUserPolicy"] = _ => new() { ["UserName"] = "target", ["PolicyName"] = "p", ["PolicyDocument"] = Document },
        ["iam:GetUserPolicy"] = _ => new() { ["UserName"] = "target", ["PolicyName"] = "p" },
        ["iam:DeleteUserPolicy"] = _ => new() { ["UserName"] = "target", ["PolicyName"] = "p" },
        ["iam:ListUserPolicies"] = _ => new() { ["UserName"] = "target" },
        ["iam:AttachUserPolicy"] = _ => new() { ["UserName"] = "target", ["PolicyArn"] = "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        ["iam:DetachUserPolicy"] = _ => new() { ["UserName"] = "target", ["PolicyArn"] = "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        ["iam:ListAttachedUserPolicies"] = _ => new() { ["UserName"] = "target" },
        ["iam:PutUserPermissionsBoundary"] = _ => new() { ["UserName"] = "target", ["PermissionsBoundary"] = "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        ["iam:DeleteUserPermissionsBoundary"] = _ => new() { ["UserName"] = "target" },
        ["iam:CreateAccessKey"] = _ => new() { ["UserName"] = "target" },
        ["iam:DeleteAccessKey"] = _ => new() { ["UserName"] = "target", ["AccessKeyId"] = "AKIAEXAMPLEEXAMPLE99" },
        ["iam:UpdateAccessKey"] = _ => new() { ["UserName"] = "target", ["AccessKeyId"] = "AKIAEXAMPLEEXAMPLE99", ["Status"] = "Inactive" },
        ["iam:ListAccessKeys"] = _ => new() { ["UserName"] = "target" },
        ["iam:CreateRole"] = _ => new() { ["RoleName"] = "target", ["AssumeRolePolicyDocument"] = Trust },
        ["iam:GetRole"] = _ => new() { ["RoleName"] = "target" },
        ["iam:ListRoles"] = _ => [],
        ["iam:DeleteRole"] = _ => new() { ["RoleName"] = "target" },
        ["iam:UpdateRole"] = _ => new() { ["RoleName"] = "target", ["Description"] = "d" },
        ["iam:UpdateAssumeRolePolicy"] = _ => new() { ["RoleName"] = "target", ["PolicyDocument"] = Trust },
        ["iam:TagRole"] = _ => new() { ["RoleName"] = "target", ["Tags"] = UserTests.Tags(("k", "v")) },
        ["iam:UntagRole"] = _ => new() { ["RoleName"] = "target", ["TagKeys"] = new JsonArray("k") },
        ["iam:ListRoleTags"] = _ => new() { ["RoleName"] = "target" },
        ["iam:PutRolePolicy"] = _ => new() { ["RoleName"] = "target", ["PolicyName"] = "p", ["PolicyDocument"] = Document },
        ["iam:GetRolePolicy"] = _ => new() { ["RoleName"] = "target", ["PolicyName"] = "p" },
        ["iam:DeleteRolePolicy"] = _ => new() { ["RoleName"] = "target", ["PolicyName"] = "p" },
        ["iam:ListRolePolicies"] = _ => new() { ["RoleName"] = "target" },
        ["iam:AttachRolePolicy"] = _ => new() { ["RoleName"] = "target", ["PolicyArn"] = "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        ["iam:DetachRolePolicy"] = _ => new() { ["RoleName"] = "target", ["PolicyArn"] = "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        ["iam:ListAttachedRolePolicies"] = _ => new() { ["RoleName"] = "target" },
        ["iam:PutRolePermissionsBoundary"] = _ => new() { ["RoleName"] = "target", ["PermissionsBoundary"] = "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        ["iam:DeleteRolePermissionsBoundary"] = _ => new() { ["RoleName"] = "target" },
        ["iam:CreatePolicy"] = _ => new() { ["PolicyName"] = "target", ["PolicyDocument"] = Document },
        ["iam:ListPolicies"] = _ => [],
        ["iam:GetPolicy"] = a => new() { ["PolicyArn"] = $"arn:aws:iam::{a}:policy/target" },
        ["iam:DeletePolicy"] = a => new() { ["PolicyArn"] = $"arn:aws:iam::{a}:policy/target" },
        ["iam:CreatePolicyVersion"] = a => new() { ["PolicyArn"] = $"arn:aws:iam::{a}:policy/target", ["PolicyDocument"] = Document },
        ["iam:GetPolicyVersion"] = a => new() { ["PolicyArn"] = $"arn:aws:iam::{a}:policy/target", ["VersionId"] = "v1" },
        ["iam:ListPolicyVersions"] = a => new() { ["PolicyArn"] = $"arn:aws:iam::{a}:policy/target" },
        ["iam:DeletePolicyVersion"] = a => new() { ["PolicyArn"] = $"arn:aws:iam::{a}:policy/target", ["VersionId"] = "v1" },
        ["iam:SetDefaultPolicyVersion"] = a => new() { ["PolicyArn"] = $"arn:aws:iam::{a}:policy/target", ["VersionId"] = "v1" },
        ["iam:SimulateCustomPolicy"] = _ => new() { ["PolicyInputList"] = new JsonArray(Document), ["ActionNames"] = new JsonArray("s3:GetObject") },
        ["iam:SimulatePrincipalPolicy"] = a => new() { ["PolicySourceArn"] = $"arn:aws:iam::{a}:user/target", ["ActionNames"] = new JsonArray("s3:GetObject") },
        ["iam:GetAccountAuthorizationDetails"] = _ => [],
        ["sts:AssumeRole"] = a => new() { ["RoleArn"] = $"arn:aws:iam::{a}:role/target", ["RoleSessionName"] = "session" },
        ["sts:GetAccessKeyInfo"] = _ => new() { ["AccessKeyId"] = "AKIAEXAMPLEEXAMPLE99" },
    };

    public static TheoryData<string> Operations() => [.. Inputs.Keys];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_WithoutPermission_ThrowsAccessDenied(string operation)
    {
        var caller = await Host.NewUserAsync(Account, "nobody");
        var (service, name) = (operation.Split(':')[0], operation.Split(':')[1]);

        var error = await Host.FailsAsync(caller, service, name, Inputs[operation](Account.AccountId));

        Assert.Equal("AccessDenied", error.Code);
        Assert.Contains($"is not authorized to perform: {operation} on resource:", error.Message);
    }

    [Fact]
    public void EveryOperationNeedingPermission_HasADeniedCase()
    {
        var registered = Host.Registry.All
            .Where(r => r.Access.AnyAuthenticatedCallerBecause is null)
            .Select(r => $"{r.Operation.Service.Name}:{r.Operation.Name}");

        Assert.Equal(registered.Order(StringComparer.Ordinal), Inputs.Keys.Order(StringComparer.Ordinal));
    }
}
