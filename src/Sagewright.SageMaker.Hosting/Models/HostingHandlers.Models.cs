using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Hosting;

internal sealed partial class HostingHandlers
{
    /// <summary>
    /// Stores the model as given. A container whose source is ModelPackageName records the package name or ARN as
    /// given: the registry is another module and is not consulted yet (see docs/sagemaker-hosting.md).
    /// </summary>
    public async ValueTask<OperationResult> CreateModel(OperationCall call)
    {
        RefuseTags(call, "CreateModel");
        var id = Name(call, "ModelName");
        var role = call.Input.Optional("ExecutionRoleArn") ?? throw errors.MemberMissing("executionRoleArn");
        ModelRules.Containers(call.Input, errors);
        await AuthorizePassRoleAsync(call, role);
        var details = Details(call.Input, "ModelName", "Tags");
        details["EnableNetworkIsolation"] ??= false;
        var arn = HostingArns.Model(id.AccountId, id.Region, id.Name);
        var created = await WriteAsync(call, db => HostingStore.InsertModelAsync(db, id, time.GetUtcNow(), details.ToJsonString()));
        return created ? new JsonObject { ["ModelArn"] = arn } : throw errors.ModelExists(arn);
    }

    public async ValueTask<OperationResult> DescribeModel(OperationCall call)
    {
        var id = Name(call, "ModelName");
        var model = await ReadAsync(call, db => HostingStore.FindModelAsync(db, id));
        var arn = HostingArns.Model(id.AccountId, id.Region, id.Name);
        return model is null ? throw errors.ModelNotFound(arn) : Describe(model, "ModelName", "ModelArn", arn);
    }

    public async ValueTask<OperationResult> ListModels(OperationCall call)
    {
        var query = new HostingListQuery(call.Input, errors);
        var rows = await ReadAsync(call, db => HostingStore.ListModelsAsync(db, call.AccountId, call.Region, query));
        var (page, nextToken) = query.Cut(rows);
        return ListOutput("Models", page.Select(m => new JsonObject
        {
            ["ModelName"] = m.Name,
            ["ModelArn"] = HostingArns.Model(m.AccountId, m.Region, m.Name),
            ["CreationTime"] = JsonValue.Create(m.CreatedAt),
        }), nextToken);
    }

    /// <summary>As in SageMaker, endpoint configurations that name the model keep naming it.</summary>
    public async ValueTask<OperationResult> DeleteModel(OperationCall call)
    {
        var id = Name(call, "ModelName");
        var deleted = await WriteAsync(call, db => HostingStore.DeleteModelAsync(db, id));
        return deleted ? OperationResult.Empty : throw errors.ModelNotFound(HostingArns.Model(id.AccountId, id.Region, id.Name));
    }
}
