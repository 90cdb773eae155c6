using System.Text.Json.Nodes;
using Sagewright.Policy;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Kms;

internal sealed partial class KmsHandlers
{
    /// <summary>A key has exactly one policy, and this is its name.</summary>
    private const string DefaultPolicyName = "default";

    private static readonly PolicyDocument IdentityAllowsAll = PolicyDocument.Parse(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyKind.Identity);

    public async ValueTask<OperationResult> PutKeyPolicy(OperationCall call)
    {
        RequireDefaultPolicyName(call.Input);
        var policy = call.Input.Required("Policy");
        CheckPolicy(call, authorized.Of(call), policy);
        await ChangeKeyAsync(call, async (db, key, _) =>
        {
            await KmsStore.SetPolicyAsync(db, key, policy);
            return true;
        });
        return OperationResult.Empty;
    }

    public ValueTask<OperationResult> GetKeyPolicy(OperationCall call)
    {
        RequireDefaultPolicyName(call.Input);
        return OperationResult.Completed(new JsonObject { ["Policy"] = authorized.Of(call).Policy, ["PolicyName"] = DefaultPolicyName });
    }

    public ValueTask<OperationResult> ListKeyPolicies(OperationCall call) =>
        OperationResult.Completed(new JsonObject { ["PolicyNames"] = new JsonArray(DefaultPolicyName), ["Truncated"] = false });

    private void RequireDefaultPolicyName(JsonObject input)
    {
        if ((input.Optional("PolicyName") ?? DefaultPolicyName) != DefaultPolicyName)
        {
            throw Errors.NoSuchPolicy();
        }
    }

    /// <summary>
    /// A policy given to CreateKey or PutKeyPolicy must parse, and, unless BypassPolicyLockoutSafetyCheck, must let
    /// the caller change it again later: the key policy alone is asked (IAM is assumed to allow), as AWS's lockout
    /// safety check does, so a key cannot be made unmanageable by mistake.
    /// </summary>
    private void CheckPolicy(OperationCall call, KeyRecord key, string policy)
    {
        KeyPolicies.Validate(policy, Errors);
        if (call.Input.Flag("BypassPolicyLockoutSafetyCheck"))
        {
            return;
        }
        var context = Authorizer.GlobalConditionKeys(call.Context);
        context["kms:CallerAccount"] = [call.AccountId];
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = Authorizer.ToPrincipal(call.Caller),
            Action = "kms:PutKeyPolicy",
            Resource = key.Arn,
            ResourceAccount = key.AccountId,
            IdentityPolicies = [IdentityAllowsAll],
            ResourcePolicy = PolicyDocument.Parse(policy, PolicyKind.Resource),
            ResourcePolicyMode = ResourcePolicyMode.Required,
            Context = context,
        });
        if (result.Decision != Decision.Allowed)
        {
            throw KeyPolicies.LockoutError(Errors);
        }
    }
}
