namespace Sagewright.Policy.Tests;

internal static class Accounts
{
    public const string Home = "111122223333";
    public const string Other = "444455556666";
}

internal static class Callers
{
    public const string DeployerRoleArn = "arn:aws:iam::111122223333:role/ci/Deployer";
    public const string DeployerSessionArn = "arn:aws:sts::111122223333:assumed-role/Deployer/s1";
    public const string BuilderRoleArn = "arn:aws:iam::444455556666:role/Builder";

    public static readonly PrincipalInfo Alice = new("arn:aws:iam::111122223333:user/alice", Accounts.Home, PrincipalType.User);
    public static readonly PrincipalInfo Bob = new("arn:aws:iam::111122223333:user/bob", Accounts.Home, PrincipalType.User);
    public static readonly PrincipalInfo Root = new("arn:aws:iam::111122223333:root", Accounts.Home, PrincipalType.Root);
    public static readonly PrincipalInfo DeployerSession = new(DeployerSessionArn, Accounts.Home, PrincipalType.AssumedRole, DeployerRoleArn);
    public static readonly PrincipalInfo DeployerOtherSession = new("arn:aws:sts::111122223333:assumed-role/Deployer/s2", Accounts.Home, PrincipalType.AssumedRole, DeployerRoleArn);
    public static readonly PrincipalInfo Carol = new("arn:aws:iam::444455556666:user/carol", Accounts.Other, PrincipalType.User);
    public static readonly PrincipalInfo BuilderSession = new("arn:aws:sts::444455556666:assumed-role/Builder/b1", Accounts.Other, PrincipalType.AssumedRole, BuilderRoleArn);
    public static readonly PrincipalInfo Events = new("", "", PrincipalType.Service, ServiceName: "events.amazonaws.com");
    public static readonly PrincipalInfo Lambda = new("", "", PrincipalType.Service, ServiceName: "lambda.amazonaws.com");
    public static readonly PrincipalInfo SageMaker = new("", "", PrincipalType.Service, ServiceName: "sagemaker.amazonaws.com");
    public static readonly PrincipalInfo Anonymous = new("", "", PrincipalType.Anonymous);

    private static readonly Dictionary<string, PrincipalInfo> ByName = new()
    {
        [nameof(Alice)] = Alice,
        [nameof(Bob)] = Bob,
        [nameof(Root)] = Root,
        [nameof(DeployerSession)] = DeployerSession,
        [nameof(DeployerOtherSession)] = DeployerOtherSession,
        [nameof(Carol)] = Carol,
        [nameof(BuilderSession)] = BuilderSession,
        [nameof(Events)] = Events,
        [nameof(Lambda)] = Lambda,
        [nameof(SageMaker)] = SageMaker,
        [nameof(Anonymous)] = Anonymous,
    };

    /// <summary>Lets [InlineData] rows name a caller.</summary>
    public static PrincipalInfo Named(string name) => ByName[name];
}
