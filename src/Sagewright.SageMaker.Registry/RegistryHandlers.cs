using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Registry;

/// <summary>The model registry's operations, one method per AWS operation, split by resource family.</summary>
internal sealed partial class RegistryHandlers(IDatabase database, RegistryErrors errors, TimeProvider time)
{
    private GroupId Group(OperationCall call, string member = "ModelPackageGroupName") =>
        GroupId.Parse(call.Input[member]!.GetValue<string>(), call.AccountId, call.Region, errors);

    private PackageId Package(OperationCall call, string member) =>
        PackageId.Parse(call.Input[member]!.GetValue<string>(), call.AccountId, call.Region, errors);

    private Task<T> ReadAsync<T>(OperationCall call, Func<DbSession, Task<T>> read) => database.ReadAsync(read, call.Aborted);

    private Task<T> WriteAsync<T>(OperationCall call, Func<DbSession, Task<T>> write) => database.WriteAsync(write, call.Aborted);

    private static IReadOnlyList<RegistryTag> Tags(OperationCall call) =>
        (call.Input["Tags"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => new RegistryTag(t.Required("Key"), t.Required("Value"))).ToArray();

    private static JsonObject ListOutput(string listMember, IEnumerable<JsonObject> items, string? nextToken)
    {
        var output = new JsonObject { [listMember] = new JsonArray(items.ToArray<JsonNode>()) };
        if (nextToken is not null)
        {
            output["NextToken"] = nextToken;
        }
        return output;
    }

    private static JsonObject Arn(string member, string arn) => new() { [member] = arn };
}
