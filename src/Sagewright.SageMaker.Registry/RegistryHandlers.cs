using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.SageMaker.Registry.Tags;

namespace Sagewright.SageMaker.Registry;

/// <summary>The model registry's operations, one method per AWS operation, split by resource family.</summary>
internal sealed partial class RegistryHandlers(IDatabase database, RegistryErrors errors, TimeProvider time, RegistryEvents events, Authorizer authorizer)
{
    private GroupId Group(OperationCall call, string member = "ModelPackageGroupName") =>
        GroupId.Parse(call.Input[member]!.GetValue<string>(), call.AccountId, call.Region, errors);

    private PackageId Package(OperationCall call, string member) =>
        PackageId.Parse(call.Input[member]!.GetValue<string>(), call.AccountId, call.Region, errors);

    private Task<T> ReadAsync<T>(OperationCall call, Func<DbSession, Task<T>> read) => database.ReadAsync(read, call.Aborted);

    private Task<T> WriteAsync<T>(OperationCall call, Func<DbSession, Task<T>> write) => database.WriteAsync(write, call.Aborted);

    /// <summary>Tags given at creation, checked as AddTags checks them.</summary>
    private IReadOnlyList<SageMakerTag> Tags(OperationCall call)
    {
        var tags = SageMakerTagStore.Read(call.Input["Tags"] as JsonArray);
        SageMakerTagRules.Check(tags, [], errors);
        return tags;
    }

    /// <summary>
    /// SageMaker's UserContext for the caller: outside SageMaker Studio (no user profile or domain) only IamIdentity
    /// is known, with the principal's ARN and id (aws:userid).
    /// </summary>
    private static JsonObject UserContext(OperationCall call) => new()
    {
        ["IamIdentity"] = new JsonObject { ["Arn"] = call.Caller.Arn, ["PrincipalId"] = call.Caller.UserId },
    };

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
