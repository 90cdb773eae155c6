using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events.Targets;

/// <summary>
/// Registers the EventBridge connection and API destination operations. Each is authorized with its events:* action
/// on the resource's name-only ARN (see <see cref="TargetsArns"/>); listings are on "*". Identity policies only: AWS
/// has no resource policies on connections or destinations.
/// </summary>
internal sealed class TargetsModule(TargetsHandlers handlers) : IAwsServiceModule
{
    public void Register(OperationRegistry r)
    {
        OnConnection(r, "CreateConnection", handlers.CreateConnection);
        OnConnection(r, "DescribeConnection", handlers.DescribeConnection);
        OnConnection(r, "UpdateConnection", handlers.UpdateConnection);
        OnConnection(r, "DeleteConnection", handlers.DeleteConnection);
        OnConnection(r, "DeauthorizeConnection", handlers.DeauthorizeConnection);
        r.Add("events", "ListConnections", handlers.ListConnections, Access.To(_ => "*"));

        OnApiDestination(r, "CreateApiDestination", handlers.CreateApiDestination);
        OnApiDestination(r, "DescribeApiDestination", handlers.DescribeApiDestination);
        OnApiDestination(r, "UpdateApiDestination", handlers.UpdateApiDestination);
        OnApiDestination(r, "DeleteApiDestination", handlers.DeleteApiDestination);
        r.Add("events", "ListApiDestinations", handlers.ListApiDestinations, Access.To(_ => "*"));
    }

    private static void OnConnection(OperationRegistry r, string operation, OperationHandler handler) =>
        r.Add("events", operation, handler, Access.To(call => TargetsArns.ForPolicy(TargetsArns.Connection, call.AccountId, call.Region, call.Input.Required("Name"))));

    private static void OnApiDestination(OperationRegistry r, string operation, OperationHandler handler) =>
        r.Add("events", operation, handler, Access.To(call => TargetsArns.ForPolicy(TargetsArns.ApiDestination, call.AccountId, call.Region, call.Input.Required("Name"))));
}
