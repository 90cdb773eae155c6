namespace Sagewright.SageMaker.Hosting;

/// <summary>SageMaker ARNs carry the resource name lower-cased (MyModel → model/mymodel); names differing only in case collide.</summary>
internal static class HostingArns
{
    public static string Model(string accountId, string region, string name) =>
        $"arn:aws:sagemaker:{region}:{accountId}:model/{name.ToLowerInvariant()}";

    public static string EndpointConfig(string accountId, string region, string name) =>
        $"arn:aws:sagemaker:{region}:{accountId}:endpoint-config/{name.ToLowerInvariant()}";
}

/// <summary>A hosting resource (model, endpoint configuration) in an account and region; <see cref="Key"/> is its identity.</summary>
internal sealed record HostingName(string AccountId, string Region, string Name)
{
    public string Key => Name.ToLowerInvariant();
}
