using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Hosting;

/// <summary>
/// Registers hosting's control-plane operations, each authorized on the resource's ARN (List on "*").
/// CreateEndpoint, UpdateEndpoint and InvokeEndpoint are not registered yet, so the pipeline answers them 501.
/// </summary>
internal sealed class HostingModule(IDatabase database, HostingErrors errors, TimeProvider time, Authorizer authorizer) : IAwsServiceModule
{
    private readonly HostingHandlers _handlers = new(database, errors, time, authorizer);

    public void Register(OperationRegistry r)
    {
        OnModel(r, "CreateModel", _handlers.CreateModel);
        OnModel(r, "DescribeModel", _handlers.DescribeModel);
        OnModel(r, "DeleteModel", _handlers.DeleteModel);
        r.Add("sagemaker", "ListModels", _handlers.ListModels, Access.To(_ => "*"));

        OnEndpointConfig(r, "CreateEndpointConfig", _handlers.CreateEndpointConfig);
        OnEndpointConfig(r, "DescribeEndpointConfig", _handlers.DescribeEndpointConfig);
        OnEndpointConfig(r, "DeleteEndpointConfig", _handlers.DeleteEndpointConfig);
        r.Add("sagemaker", "ListEndpointConfigs", _handlers.ListEndpointConfigs, Access.To(_ => "*"));
    }

    private static void OnModel(OperationRegistry r, string operation, OperationHandler handler) =>
        r.Add("sagemaker", operation, handler, Access.To(call => HostingArns.Model(call.AccountId, call.Region, call.Input.Required("ModelName"))));

    private static void OnEndpointConfig(OperationRegistry r, string operation, OperationHandler handler) =>
        r.Add("sagemaker", operation, handler,
            Access.To(call => HostingArns.EndpointConfig(call.AccountId, call.Region, call.Input.Required("EndpointConfigName"))));
}
