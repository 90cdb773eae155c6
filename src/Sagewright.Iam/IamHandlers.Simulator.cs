using System.Globalization;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Policy;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

/// <summary>
/// The policy simulator, answered by the same engine that authorizes requests: each action on each resource is
/// evaluated with the given (or the principal's) identity policies, boundary, resource policy and context.
/// </summary>
internal sealed partial class IamHandlers
{
    public async ValueTask<OperationResult> SimulateCustomPolicy(OperationCall call)
    {
        var input = call.Input;
        var identity = ParseInputPolicies(input, "PolicyInputList", PolicyKind.Identity);
        var caller = input.Optional("CallerArn") is { } callerArn
            ? await Read(call, db => SimulatedUserAsync(db, call.AccountId, callerArn))
            : call.Caller;
        return Simulate(call, caller, identity, InputBoundary(input));
    }

    /// <summary>PolicySourceArn names a user or role of the account; its policies are simulated together with PolicyInputList.</summary>
    public async ValueTask<OperationResult> SimulatePrincipalPolicy(OperationCall call)
    {
        var input = call.Input;
        var sourceArn = input.Required("PolicySourceArn");
        var (principal, policies) = await Read(call, async db =>
        {
            if (IamArns.TryParse(sourceArn, "user", out var userArn) && userArn.AccountId == call.AccountId)
            {
                var user = await RequireUserAsync(db, call.AccountId, userArn.Name);
                var set = await IamStore.LoadIdentityPoliciesAsync(db, call.AccountId, EntityKind.User, user.Key, user.PermissionsBoundary);
                var caller = input.Optional("CallerArn") is { } callerArn
                    ? await SimulatedUserAsync(db, call.AccountId, callerArn)
                    : CredentialResolver.UserIdentity(user);
                return (caller, set);
            }
            if (IamArns.TryParse(sourceArn, "role", out var roleArn) && roleArn.AccountId == call.AccountId)
            {
                var role = await RequireRoleAsync(db, call.AccountId, roleArn.Name);
                var set = await IamStore.LoadIdentityPoliciesAsync(db, call.AccountId, EntityKind.Role, role.Key, role.PermissionsBoundary);
                return (new CallerIdentity(call.AccountId, role.Arn, role.RoleId, PrincipalKind.AssumedRole, RoleArn: role.Arn), set);
            }
            if (IamArns.TryParse(sourceArn, "group", out var groupArn) && groupArn.AccountId == call.AccountId)
            {
                throw errors.NoSuchEntity($"The group with name {groupArn.Name} cannot be found.");
            }
            throw errors.InvalidInput($"Invalid PolicySourceArn {sourceArn}: name a user or role of account {call.AccountId}.");
        });
        var identity = policies.Policies.Select(p => PolicyDocument.Parse(p.Document, PolicyKind.Identity, p.SourceId, p.SourceType))
            .Concat(ParseInputPolicies(input, "PolicyInputList", PolicyKind.Identity))
            .ToArray();
        var boundary = InputBoundary(input) ?? (policies.PermissionsBoundary is { } b
            ? PolicyDocument.Parse(b.Document, PolicyKind.PermissionsBoundary, b.SourceId, b.SourceType)
            : null);
        return Simulate(call, principal, identity, boundary);
    }

    private JsonObject Simulate(OperationCall call, CallerIdentity caller, IReadOnlyList<PolicyDocument> identity, PolicyDocument? boundary)
    {
        var input = call.Input;
        var resourcePolicy = input.Optional("ResourcePolicy") is { } text ? ParsePolicy(text, PolicyKind.Resource, "ResourcePolicy", "resource") : null;
        var owner = input.Optional("ResourceOwner") is { } ownerText ? OwnerAccount(ownerText) : null;
        var context = SimulationContext(caller, input);
        var resources = input.StringList("ResourceArns") is { Count: > 0 } arns ? arns : ["*"];
        var results = new List<JsonObject>();
        foreach (var action in input.StringList("ActionNames"))
        {
            foreach (var resource in resources)
            {
                var resourceAccount = owner ?? (Arn.TryParse(resource, out var arn) && arn.AccountId.Length == 12 ? arn.AccountId : caller.AccountId);
                var keys = new Dictionary<string, IReadOnlyList<string>>(context, StringComparer.OrdinalIgnoreCase);
                keys.TryAdd("aws:ResourceAccount", [resourceAccount]);
                var result = PolicyEvaluator.Evaluate(new EvaluationRequest
                {
                    Principal = Authorizer.ToPrincipal(caller),
                    Action = action,
                    Resource = resource,
                    ResourceAccount = resourceAccount,
                    IdentityPolicies = identity,
                    ResourcePolicy = resourcePolicy,
                    PermissionsBoundary = boundary,
                    Context = keys,
                });
                results.Add(ResultJson(action, resource, result));
            }
        }
        var maxItems = Paging.MaxItems(input);
        var indexed = results.Select((r, i) => (Key: i.ToString("D6", CultureInfo.InvariantCulture), Result: r));
        return Paging.Page(new JsonObject(), "EvaluationResults", Paging.Window(indexed, r => r.Key, StartKey(input), maxItems), maxItems,
            r => r.Key, r => r.Result);
    }

    private static JsonObject ResultJson(string action, string resource, EvaluationResult result) => new()
    {
        ["EvalActionName"] = action,
        ["EvalResourceName"] = resource,
        ["EvalDecision"] = result.Decision switch
        {
            Decision.Allowed => "allowed",
            Decision.ExplicitDeny => "explicitDeny",
            _ => "implicitDeny",
        },
        ["MatchedStatements"] = new JsonArray(result.MatchedStatements
            .Select(s => (JsonNode)new JsonObject { ["SourcePolicyId"] = s.SourceId, ["SourcePolicyType"] = s.SourceType })
            .ToArray()),
        ["MissingContextValues"] = result.MissingContextKeys.ToJsonArray(),
    };

    /// <summary>The caller's own condition keys, overridden by the request's ContextEntries.</summary>
    private static Dictionary<string, IReadOnlyList<string>> SimulationContext(CallerIdentity caller, JsonObject input)
    {
        var context = Authorizer.PrincipalConditionKeys(caller);
        if (input["ContextEntries"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                if (entry.Optional("ContextKeyName") is { } name)
                {
                    context[name] = entry.StringList("ContextKeyValues");
                }
            }
        }
        return context;
    }

    /// <summary>AWS accepts only an IAM user as the simulated caller (CallerArn).</summary>
    private async Task<CallerIdentity> SimulatedUserAsync(DbSession db, string accountId, string callerArn)
    {
        if (!IamArns.TryParse(callerArn, "user", out var parsed))
        {
            throw errors.InvalidInput($"Invalid CallerArn {callerArn}: it must be the ARN of an IAM user.");
        }
        if (parsed.AccountId == accountId && await IamStore.FindUserAsync(db, accountId, parsed.Name) is { } user)
        {
            return CredentialResolver.UserIdentity(user);
        }
        return new CallerIdentity(parsed.AccountId, callerArn, parsed.Name, PrincipalKind.User, parsed.Name);
    }

    private string OwnerAccount(string owner)
    {
        if (owner.Length == 12 && owner.All(char.IsAsciiDigit))
        {
            return owner;
        }
        return Arn.TryParse(owner, out var arn) && arn.AccountId.Length == 12
            ? arn.AccountId
            : throw errors.InvalidInput($"Invalid ResourceOwner {owner}: give an account id or arn:aws:iam::ACCOUNT:root.");
    }

    private List<PolicyDocument> ParseInputPolicies(JsonObject input, string member, PolicyKind kind) =>
        input.StringList(member).Select((text, i) => ParsePolicy(text, kind, $"{member}.{i + 1}", "none")).ToList();

    private PolicyDocument? InputBoundary(JsonObject input)
    {
        var boundaries = ParseInputPolicies(input, "PermissionsBoundaryPolicyInputList", PolicyKind.PermissionsBoundary);
        return boundaries.Count switch
        {
            0 => null,
            1 => boundaries[0],
            _ => throw errors.InvalidInput("PermissionsBoundaryPolicyInputList accepts one permissions boundary."),
        };
    }

    private PolicyDocument ParsePolicy(string text, PolicyKind kind, string sourceId, string sourceType)
    {
        try
        {
            return PolicyDocument.Parse(text, kind, sourceId, sourceType);
        }
        catch (MalformedPolicyException e)
        {
            throw errors.InvalidInput($"{sourceId}: {e.Message}");
        }
    }
}
