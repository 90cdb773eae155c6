using System.Globalization;
using Sagewright.Core;
using Sagewright.Policy;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Protocol.Authorization;

/// <summary>
/// The one place requests are authorized: gathers the caller's identity policies, the resource policy and the
/// request's condition keys, and asks the policy engine. Every operation goes through here, declared by its
/// <see cref="Access"/>; handlers call <see cref="AuthorizeAsync"/> for secondary resources (CopyObject's source).
/// </summary>
public sealed class Authorizer(IIdentityPolicySource identityPolicies, PolicyDocumentCache documents)
{
    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    public async ValueTask AuthorizeOperationAsync(RegisteredOperation registration, OperationCall call)
    {
        var access = registration.Access;
        if (access.AnyAuthenticatedCallerBecause is not null)
        {
            return;
        }
        var resource = await access.ResolveResourceAsync(call);
        var policy = access.ResourcePolicyLookup is { } lookup ? await lookup(call, resource, call.Aborted) : null;
        await AuthorizeAsync(call.Context, registration.Action, resource, policy, access.ContextKeys?.Invoke(call));
    }

    /// <summary>
    /// A caller who hands a role to a service (an event target, a model's execution role...) must be allowed
    /// iam:PassRole on it, with iam:PassedToService = that service's principal, as AWS checks; nothing to check
    /// when no role is given.
    /// </summary>
    public ValueTask AuthorizePassRoleAsync(RequestContext context, string? roleArn, string servicePrincipal) =>
        roleArn is null
            ? ValueTask.CompletedTask
            : AuthorizeAsync(context, "iam:PassRole", roleArn, null, [new("iam:PassedToService", servicePrincipal)]);

    /// <summary>Throws the service's access-denied error unless the caller may perform the action on the resource.</summary>
    public async ValueTask AuthorizeAsync(RequestContext context, string action, string resource, ResourcePolicy? resourcePolicy,
        IEnumerable<KeyValuePair<string, string>>? serviceKeys = null)
    {
        var keys = GlobalConditionKeys(context);
        foreach (var (key, value) in serviceKeys ?? [])
        {
            Add(keys, key, value);
        }
        var result = await EvaluateAsync(context.Caller, action, resource, resourcePolicy, keys, context.Aborted);
        if (result.Decision != Decision.Allowed)
        {
            throw Denied(context.Service, context.Caller, action, resource, result.Reason);
        }
    }

    public async ValueTask<EvaluationResult> EvaluateAsync(CallerIdentity caller, string action, string resource,
        ResourcePolicy? resourcePolicy, Dictionary<string, IReadOnlyList<string>> conditionKeys, CancellationToken cancellationToken)
    {
        IReadOnlyList<PolicyDocument> identity;
        PolicyDocument? boundary = null;
        if (caller.Kind == PrincipalKind.Root)
        {
            identity = [documents.Get(AllowAll, PolicyKind.Identity, "root", "none")];
        }
        else
        {
            var set = await identityPolicies.GetPoliciesAsync(caller, cancellationToken);
            identity = set.Policies.Select(p => documents.Get(p, PolicyKind.Identity)).ToArray();
            boundary = set.PermissionsBoundary is { } b ? documents.Get(b, PolicyKind.PermissionsBoundary) : null;
        }
        var resourceAccount = ResourceAccount(resource, resourcePolicy, caller);
        conditionKeys.TryAdd("aws:ResourceAccount", [resourceAccount]);
        return PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = ToPrincipal(caller),
            Action = action,
            Resource = resource,
            ResourceAccount = resourceAccount,
            IdentityPolicies = identity,
            ResourcePolicy = resourcePolicy?.Document is { } document ? documents.Get(document, resourcePolicy.Kind, resource, "resource") : null,
            ResourcePolicyMode = resourcePolicy?.Mode ?? ResourcePolicyMode.Optional,
            SessionPolicies = caller.SessionPolicy is { } session ? [documents.Get(session, PolicyKind.Session, "session", "none")] : [],
            PermissionsBoundary = boundary,
            Context = conditionKeys,
        });
    }

    public static PrincipalInfo ToPrincipal(CallerIdentity caller) => new(
        caller.Arn,
        caller.AccountId,
        caller.Kind switch
        {
            PrincipalKind.Root => PrincipalType.Root,
            PrincipalKind.User => PrincipalType.User,
            _ => PrincipalType.AssumedRole,
        },
        caller.RoleArn);

    /// <summary>The global condition keys AWS sets on every request (aws:PrincipalArn, aws:SourceIp, ...).</summary>
    public static Dictionary<string, IReadOnlyList<string>> GlobalConditionKeys(RequestContext context)
    {
        var keys = PrincipalConditionKeys(context.Caller);
        Add(keys, "aws:SourceIp", context.SourceIp);
        Add(keys, "aws:CurrentTime", context.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Add(keys, "aws:EpochTime", context.ReceivedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Add(keys, "aws:SecureTransport", context.SecureTransport ? "true" : "false");
        Add(keys, "aws:RequestedRegion", context.Region);
        if (context.SourceVpce is { } vpce)
        {
            Add(keys, "aws:SourceVpce", vpce);
        }
        return keys;
    }

    /// <summary>Keys that depend only on who is calling (also used by the policy simulator).</summary>
    public static Dictionary<string, IReadOnlyList<string>> PrincipalConditionKeys(CallerIdentity caller)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        Add(keys, "aws:PrincipalArn", caller.RoleArn ?? caller.Arn);
        Add(keys, "aws:PrincipalAccount", caller.AccountId);
        Add(keys, "aws:PrincipalType", caller.Kind switch
        {
            PrincipalKind.Root => "Account",
            PrincipalKind.User => "User",
            _ => "AssumedRole",
        });
        Add(keys, "aws:userid", caller.UserId);
        if (caller.UserName is { } userName)
        {
            Add(keys, "aws:username", userName);
        }
        if (caller.TokenIssueTime is { } issued)
        {
            Add(keys, "aws:TokenIssueTime", issued.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        return keys;
    }

    private static string ResourceAccount(string resource, ResourcePolicy? resourcePolicy, CallerIdentity caller)
    {
        if (Arn.TryParse(resource, out var arn) && arn.AccountId.Length == 12)
        {
            return arn.AccountId;
        }
        return resourcePolicy?.OwnerAccountId ?? caller.AccountId;
    }

    public static AwsServiceException Denied(ServiceModel service, CallerIdentity caller, string action, string resource, string reason)
    {
        var because = reason.StartsWith("an explicit deny", StringComparison.Ordinal) ? "with " + reason : "because " + reason;
        var message = $"User: {caller.Arn} is not authorized to perform: {action} on resource: {resource} {because}";
        return service.Protocol is WireProtocol.Json or WireProtocol.RestJson
            ? new AwsServiceException("AccessDeniedException", message, 400)
            : AwsServiceException.AccessDenied(message);
    }

    private static void Add(Dictionary<string, IReadOnlyList<string>> keys, string key, string value)
    {
        keys[key] = keys.TryGetValue(key, out var existing) ? [.. existing, value] : [value];
    }
}
