using Sagewright.Policy;
using Sagewright.Protocol.Authorization;

namespace Sagewright.Protocol.Pipeline;

/// <summary>
/// How an operation is authorized, declared next to its handler: the IAM action (by default
/// "&lt;iam prefix&gt;:&lt;Operation&gt;"), the resource ARN, the resource policy and the service's condition keys.
/// The pipeline evaluates it before the handler runs; a handler cannot be registered without one.
/// </summary>
public sealed class Access
{
    private Access(string? why, Func<OperationCall, string>? resource)
    {
        AnyAuthenticatedCallerBecause = why;
        Resource = resource;
    }

    /// <summary>Set when the operation needs no permission (GetCallerIdentity): why, as documentation.</summary>
    public string? AnyAuthenticatedCallerBecause { get; }
    public Func<OperationCall, string>? Resource { get; }
    public string? ActionOverride { get; private init; }
    public Func<OperationCall, string, CancellationToken, ValueTask<ResourcePolicy?>>? ResourcePolicyLookup { get; private init; }
    public Func<OperationCall, IEnumerable<KeyValuePair<string, string>>>? ContextKeys { get; private init; }

    /// <summary>No permission is needed; any authenticated caller may call (as AWS does for sts:GetCallerIdentity).</summary>
    public static Access AnyAuthenticatedCaller(string why) => new(why, null);

    /// <summary>The caller needs the operation's IAM action on the resource the function names ("*" for none).</summary>
    public static Access To(Func<OperationCall, string> resourceArn) => new(null, resourceArn);

    public Access As(string action) => new(AnyAuthenticatedCallerBecause, Resource)
    {
        ActionOverride = action,
        ResourcePolicyLookup = ResourcePolicyLookup,
        ContextKeys = ContextKeys,
    };

    public Access WithResourcePolicy(Func<OperationCall, string, CancellationToken, ValueTask<ResourcePolicy?>> lookup) =>
        new(AnyAuthenticatedCallerBecause, Resource) { ActionOverride = ActionOverride, ResourcePolicyLookup = lookup, ContextKeys = ContextKeys };

    public Access WithContext(Func<OperationCall, IEnumerable<KeyValuePair<string, string>>> keys) =>
        new(AnyAuthenticatedCallerBecause, Resource) { ActionOverride = ActionOverride, ResourcePolicyLookup = ResourcePolicyLookup, ContextKeys = keys };
}

/// <summary>
/// A resource-based policy (bucket, key, trust, model package group, event bus policy) and its owner. The document is
/// null for a resource that has no policy but whose owner matters (an S3 bucket: its ARN names no account, and
/// another account's bucket without a policy must not count as the caller's own).
/// </summary>
public sealed record ResourcePolicy(string? Document, string OwnerAccountId, ResourcePolicyMode Mode = ResourcePolicyMode.Optional, PolicyKind Kind = PolicyKind.Resource);
