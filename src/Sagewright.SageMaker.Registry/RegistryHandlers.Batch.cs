using System.Text.Json.Nodes;
using Sagewright.Policy;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Registry;

internal sealed partial class RegistryHandlers
{
    private const string BatchDescribeAction = "sagemaker:BatchDescribeModelPackage";

    /// <summary>
    /// Describes up to 100 versioned packages, each authorized on its own ARN (with its group's policy, so a hub's
    /// packages can be read from a spoke). A package that is denied, missing or unversioned goes to
    /// BatchDescribeModelPackageErrorMap under the ARN as given; the call itself succeeds.
    /// </summary>
    public async ValueTask<OperationResult> BatchDescribeModelPackage(OperationCall call)
    {
        var summaries = new JsonObject();
        var failures = new JsonObject();
        foreach (var text in (call.Input["ModelPackageArnList"] as JsonArray ?? []).Select(a => a!.GetValue<string>()).Distinct(StringComparer.Ordinal))
        {
            var id = PackageId.Parse(text, call.AccountId, call.Region, errors);
            var (package, group) = await ReadAsync(call, async db => (
                await RegistryStore.FindPackageAsync(db, id),
                id.Version is null ? null : await RegistryStore.FindGroupAsync(db, new GroupId(id.AccountId, id.Region, id.Name))));
            var keys = Authorizer.GlobalConditionKeys(call.Context);
            var decision = await authorizer.EvaluateAsync(call.Caller, BatchDescribeAction, id.Arn, new ResourcePolicy(group?.Policy, id.AccountId), keys, call.Aborted);
            if (decision.Decision != Decision.Allowed)
            {
                var denied = Authorizer.Denied(call.Context.Service, call.Caller, BatchDescribeAction, id.Arn, decision.Reason);
                failures[text] = BatchError(denied.Code, denied.Message);
            }
            else if (package is null)
            {
                failures[text] = BatchError(errors.ValidationCode, errors.PackageNotFound(id.Arn).Message);
            }
            else if (package.Version is null)
            {
                failures[text] = BatchError(errors.ValidationCode, $"ModelPackage {package.Arn} is not a versioned model package.");
            }
            else
            {
                summaries[text] = BatchSummary(package);
            }
        }
        return new JsonObject { ["ModelPackageSummaries"] = summaries, ["BatchDescribeModelPackageErrorMap"] = failures };
    }

    private static JsonObject BatchError(string code, string message) => new() { ["ErrorCode"] = code, ["ErrorResponse"] = message };

    private static JsonObject BatchSummary(PackageRecord package)
    {
        var summary = PackageSummary(package);
        var details = JsonNode.Parse(package.Details)!.AsObject();
        foreach (var member in (string[])["InferenceSpecification", "ModelPackageRegistrationType"])
        {
            if (details[member] is { } value)
            {
                summary[member] = value.DeepClone();
            }
        }
        return summary;
    }
}
