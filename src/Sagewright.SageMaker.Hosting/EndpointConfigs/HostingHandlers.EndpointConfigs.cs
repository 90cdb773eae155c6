using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Hosting;

internal sealed partial class HostingHandlers
{
    public async ValueTask<OperationResult> CreateEndpointConfig(OperationCall call)
    {
        RefuseTags(call, "CreateEndpointConfig");
        RefuseUnbuilt(call.Input, "CreateEndpointConfig", "AsyncInferenceConfig", "ExplainerConfig", "ShadowProductionVariants");
        var id = Name(call, "EndpointConfigName");
        var variants = EndpointConfigRules.Variants(call.Input, errors);
        EndpointConfigRules.CheckDataCapture(call.Input, errors);
        await AuthorizePassRoleAsync(call, call.Input.Optional("ExecutionRoleArn"));
        var details = Details(call.Input, "EndpointConfigName", "Tags");
        details["ProductionVariants"] = variants;
        var arn = HostingArns.EndpointConfig(id.AccountId, id.Region, id.Name);
        var created = await WriteAsync(call, async db =>
        {
            // Checked in the write transaction, so a model deleted meanwhile is never named by a new configuration.
            foreach (var model in variants.Select(v => v!["ModelName"]!.GetValue<string>()).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var modelId = new HostingName(id.AccountId, id.Region, model);
                if (await HostingStore.FindModelAsync(db, modelId) is null)
                {
                    throw errors.ModelNotFound(HostingArns.Model(id.AccountId, id.Region, model));
                }
            }
            return await HostingStore.InsertEndpointConfigAsync(db, id, time.GetUtcNow(), details.ToJsonString());
        });
        return created ? new JsonObject { ["EndpointConfigArn"] = arn } : throw errors.EndpointConfigExists(arn);
    }

    public async ValueTask<OperationResult> DescribeEndpointConfig(OperationCall call)
    {
        var id = Name(call, "EndpointConfigName");
        var config = await ReadAsync(call, db => HostingStore.FindEndpointConfigAsync(db, id));
        var arn = HostingArns.EndpointConfig(id.AccountId, id.Region, id.Name);
        return config is null ? throw errors.EndpointConfigNotFound(arn) : Describe(config, "EndpointConfigName", "EndpointConfigArn", arn);
    }

    public async ValueTask<OperationResult> ListEndpointConfigs(OperationCall call)
    {
        var query = new HostingListQuery(call.Input, errors);
        var rows = await ReadAsync(call, db => HostingStore.ListEndpointConfigsAsync(db, call.AccountId, call.Region, query));
        var (page, nextToken) = query.Cut(rows);
        return ListOutput("EndpointConfigs", page.Select(c => new JsonObject
        {
            ["EndpointConfigName"] = c.Name,
            ["EndpointConfigArn"] = HostingArns.EndpointConfig(c.AccountId, c.Region, c.Name),
            ["CreationTime"] = JsonValue.Create(c.CreatedAt),
        }), nextToken);
    }

    public async ValueTask<OperationResult> DeleteEndpointConfig(OperationCall call)
    {
        var id = Name(call, "EndpointConfigName");
        var deleted = await WriteAsync(call, db => HostingStore.DeleteEndpointConfigAsync(db, id));
        return deleted ? OperationResult.Empty : throw errors.EndpointConfigNotFound(HostingArns.EndpointConfig(id.AccountId, id.Region, id.Name));
    }
}
