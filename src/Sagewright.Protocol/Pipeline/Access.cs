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
    private Access(string? why, Func<OperationCall, string>? resource, Func<OperationCall, CancellationToken, ValueTask<string>>? resourceLookup = null)
    {
        AnyAuthenticatedCallerBecause = why;
        Resource = resource;
        ResourceLookup = resourceLookup;
    }

    /// <summary>Set when the operation needs no permission (GetCallerIdentity): why, as documentation.</summary>
    public string? AnyAuthenticatedCallerBecause { get; }
    public Func<OperationCall, string>? Resource { get; }

    /// <summary>Set instead of <see cref="Resource"/> when naming the resource needs a lookup (a KMS alias names a key).</summary>
    public Func<OperationCall, CancellationToken, ValueTask<string>>? ResourceLookup { get; }
    public string? ActionOverride { get; private init; }
    public Func<OperationCall, string, CancellationToken, ValueTask<ResourcePolicy?>>? ResourcePolicyLookup { get; private init; }
    public Func<OperationCall, IEnumerable<KeyValuePair<string, string>>>? ContextKeys { get; private init; }

    /// <summary>No permission is needed; any authenticated caller may call (as AWS does for sts:GetCallerIdentity).</summary>
    public static Access AnyAuthenticatedCaller(string why) => new(why, null);

    /// <summary>The caller needs the operation's IAM action on the resource the function names ("*" for none).</summary>
    public static Access To(Func<OperationCall, string> resourceArn) => new(null, resourceArn);

    /// <summary>As <see cref="To(Func{OperationCall, string})"/>, for a resource ARN found by a lookup.</summary>
    public static Access To(Func<OperationCall, CancellationToken, ValueTask<string>> resourceArnLookup) => new(null, null, resourceArnLookup);

    /// <summary>The resource ARN the caller needs the action on.</summary>
    public ValueTask<string> ResolveResourceAsync(OperationCall call) =>
        Resource is { } resource ? ValueTask.FromResult(resource(call)) : ResourceLookup!(call, call.Aborted);

    public Access As(string action) => new(AnyAuthenticatedCallerBecause, Resource, ResourceLookup)
    {
        ActionOverride = action,
        ResourcePolicyLookup = ResourcePolicyLookup,
        ContextKeys = ContextKeys,
    };

    public Access WithResourcePolicy(Func<OperationCall, string, CancellationToken, ValueTask<ResourcePolicy?>> lookup) =>
        new(AnyAuthenticatedCallerBecause, Resource, ResourceLookup) { ActionOverride = ActionOverride, ResourcePolicyLookup = lookup, ContextKeys = ContextKeys };

    public Access WithContext(Func<OperationCall, IEnumerable<KeyValuePair<string, string>>> keys) =>
        new(AnyAuthenticatedCallerBecause, Resource, ResourceLookup) { ActionOverride = ActionOverride, ResourcePolicyLookup = ResourcePolicyLookup, ContextKeys = keys };
}

/// <summary>
/// A resource-based policy (bucket, key, trust, model package group, event bus policy) and its owner. The document is
/// null for a resource that has no policy but whose owner matters (an S3 bucket: its ARN names no account, and
/// another account's bucket without a policy must not count as the caller's own).
/// </summary>
public sealed record ResourcePolicy(string? Document, string OwnerAccountId, ResourcePolicyMode Mode = ResourcePolicyMode.Optional, PolicyKind Kind = PolicyKind.Resource);
