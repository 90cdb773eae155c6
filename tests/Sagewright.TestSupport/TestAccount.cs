using Sagewright.Core;

namespace Sagewright.TestSupport;

/// <summary>An account created for one test, with its root access key.</summary>
public sealed record TestAccount(string AccountId, string AccessKeyId, string SecretAccessKey)
{
    public CallerIdentity Root => CallerIdentity.Root(AccountId);
}
