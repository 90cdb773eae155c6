using System.Text.Json.Nodes;
using Sagewright.Policy;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Registry;

internal sealed partial class RegistryHandlers
{
    public async ValueTask<OperationResult> PutModelPackageGroupPolicy(OperationCall call)
    {
        var policy = call.Input.Required("ResourcePolicy");
        try
        {
            PolicyDocument.Parse(policy, PolicyKind.Resource);
        }
        catch (MalformedPolicyException e)
        {
            throw errors.Validation($"Invalid resource policy: {e.Message}");
        }
        var arn = await WriteAsync(call, async db =>
        {
            var group = await FindGroupAsync(db, Group(call));
            await RegistryStore.SetGroupPolicyAsync(db, group, policy);
            return group.Arn;
        });
        return Arn("ModelPackageGroupArn", arn);
    }

    public async ValueTask<OperationResult> GetModelPackageGroupPolicy(OperationCall call)
    {
        var group = await ReadAsync(call, db => FindGroupAsync(db, Group(call)));
        return new JsonObject { ["ResourcePolicy"] = group.Policy ?? throw errors.NoPolicy(group.Arn) };
    }

    public async ValueTask<OperationResult> DeleteModelPackageGroupPolicy(OperationCall call)
    {
        await WriteAsync(call, async db =>
        {
            var group = await FindGroupAsync(db, Group(call));
            if (group.Policy is null)
            {
                throw errors.NoPolicy(group.Arn);
            }
            await RegistryStore.SetGroupPolicyAsync(db, group, null);
            return true;
        });
        return OperationResult.Empty;
    }
}
