using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Iam;

namespace Sagewright.TestSupport;

/// <summary>Creates accounts, and users with access keys, through IAM as a test's callers would.</summary>
public sealed class TestIdentities(OperationInvoker invoker, AccountAdministration accounts, ICredentialResolver credentials)
{
    public async Task<TestAccount> NewAccountAsync()
    {
        var created = await accounts.CreateAccountAsync("account-" + Guid.NewGuid().ToString("N")[..12], CancellationToken.None);
        return new TestAccount(created.AccountId, created.AccessKeyId, created.SecretAccessKey);
    }

    /// <summary>Creates a user with an access key and the given inline policy; returns its identity.</summary>
    public async Task<CallerIdentity> NewUserAsync(string accountId, string userName, string? policy = null, string? path = null)
    {
        var root = CallerIdentity.Root(accountId);
        var user = new JsonObject { ["UserName"] = userName };
        if (path is not null)
        {
            user["Path"] = path;
        }
        await invoker.CallAsync(root, "iam", "CreateUser", user);
        if (policy is not null)
        {
            await invoker.CallAsync(root, "iam", "PutUserPolicy", new JsonObject
            {
                ["UserName"] = userName,
                ["PolicyName"] = "inline",
                ["PolicyDocument"] = policy,
            });
        }
        var key = (await invoker.CallAsync(root, "iam", "CreateAccessKey", new JsonObject { ["UserName"] = userName }))["AccessKey"]!;
        return (await credentials.FindAsync(key["AccessKeyId"]!.GetValue<string>(), CancellationToken.None))!.Caller;
    }
}
