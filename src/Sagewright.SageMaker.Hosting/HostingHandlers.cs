using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Hosting;

/// <summary>Hosting's control-plane operations, one method per AWS operation, split by resource family.</summary>
internal sealed partial class HostingHandlers(IDatabase database, HostingErrors errors, TimeProvider time, Authorizer authorizer)
{
    /// <summary>The service a role handed to SageMaker is passed to (iam:PassedToService).</summary>
    public const string ServicePrincipal = "sagemaker.amazonaws.com";

    private static HostingName Name(OperationCall call, string member) =>
        new(call.AccountId, call.Region, call.Input[member]!.GetValue<string>());

    private Task<T> ReadAsync<T>(OperationCall call, Func<DbSession, Task<T>> read) => database.ReadAsync(read, call.Aborted);

    private Task<T> WriteAsync<T>(OperationCall call, Func<DbSession, Task<T>> write) => database.WriteAsync(write, call.Aborted);

    /// <summary>
    /// A caller who hands SageMaker a role must be allowed iam:PassRole on it with iam:PassedToService
    /// sagemaker.amazonaws.com, as AWS checks; otherwise the whole call is denied.
    /// </summary>
    private ValueTask AuthorizePassRoleAsync(OperationCall call, string? roleArn) =>
        authorizer.AuthorizePassRoleAsync(call.Context, roleArn, ServicePrincipal);

    /// <summary>
    /// SageMaker's tags live in the registry project's tag store (ISageMakerTaggedResources), which this project cannot
    /// reach yet; tags are refused rather than silently dropped.
    /// </summary>
    private static void RefuseTags(OperationCall call, string operation)
    {
        if (call.Input["Tags"] is JsonArray { Count: > 0 })
        {
            throw HostingErrors.NotImplemented($"Tags on sagemaker:{operation}");
        }
    }

    /// <summary>Members this slice stores nothing for yet answer NotImplemented instead of being ignored.</summary>
    private static void RefuseUnbuilt(JsonObject input, string operation, params string[] members)
    {
        foreach (var member in members)
        {
            if (input[member] is not null)
            {
                throw HostingErrors.NotImplemented($"{member} on sagemaker:{operation}");
            }
        }
    }

    /// <summary>The input's described members: everything but the name (a column) and the listed extras, cloned.</summary>
    private static JsonObject Details(JsonObject input, params string[] excluded)
    {
        var details = new JsonObject();
        foreach (var (member, value) in input)
        {
            if (!excluded.Contains(member))
            {
                details[member] = value?.DeepClone();
            }
        }
        return details;
    }

    private static JsonObject Describe(HostingRecord record, string nameMember, string arnMember, string arn)
    {
        var output = new JsonObject { [nameMember] = record.Name, [arnMember] = arn };
        foreach (var (member, value) in JsonNode.Parse(record.Details)!.AsObject())
        {
            output[member] = value?.DeepClone();
        }
        output["CreationTime"] = JsonValue.Create(record.CreatedAt);
        return output;
    }

    private static JsonObject ListOutput(string listMember, IEnumerable<JsonObject> items, string? nextToken)
    {
        var output = new JsonObject { [listMember] = new JsonArray(items.ToArray<JsonNode>()) };
        if (nextToken is not null)
        {
            output["NextToken"] = nextToken;
        }
        return output;
    }
}
