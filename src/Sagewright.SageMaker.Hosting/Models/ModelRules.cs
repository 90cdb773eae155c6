using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Inputs;

namespace Sagewright.SageMaker.Hosting;

/// <summary>
/// CreateModel's rules beyond what the botocore model checks (lengths, patterns, ≤15 containers, ≤100 environment
/// entries are checked before the handler runs): one container source, hostnames, and the environment's total size.
/// </summary>
internal static class ModelRules
{
    /// <summary>The environment of all containers together may hold at most 32 KB of keys and values.</summary>
    public const int MaxEnvironmentBytes = 32 * 1024;

    public const string Serial = "Serial";
    public const string Direct = "Direct";

    /// <summary>The containers the model serves, in order (PrimaryContainer as a list of one).</summary>
    public static IReadOnlyList<JsonObject> Containers(JsonObject input, HostingErrors errors)
    {
        var primary = input["PrimaryContainer"] as JsonObject;
        var list = input["Containers"] as JsonArray;
        if (primary is not null && list is not null)
        {
            throw errors.Validation("PrimaryContainer and Containers cannot both be provided; use one of them.");
        }
        IReadOnlyList<JsonObject> containers = primary is not null ? [primary] : list?.OfType<JsonObject>().ToArray() ?? [];
        if (containers.Count == 0)
        {
            throw errors.Validation("Either PrimaryContainer or Containers must be provided.");
        }
        foreach (var (container, index) in containers.Select((c, i) => (c, i)))
        {
            if (container.Optional("Image") is null && container.Optional("ModelPackageName") is null)
            {
                throw errors.Validation($"Container {index + 1} must specify an Image or a ModelPackageName.");
            }
        }
        CheckHostnames(containers, Mode(input), errors);
        CheckEnvironmentSize(containers, errors);
        return containers;
    }

    public static string Mode(JsonObject input) =>
        (input["InferenceExecutionConfig"] as JsonObject)?.Optional("Mode") ?? Serial;

    /// <summary>
    /// Direct mode: every container names a hostname. Serial mode: all or none do (unnamed ones are addressed by
    /// position). Either way hostnames are unique within the model.
    /// </summary>
    private static void CheckHostnames(IReadOnlyList<JsonObject> containers, string mode, HostingErrors errors)
    {
        var hostnames = containers.Select(c => c.Optional("ContainerHostname")).ToArray();
        var named = hostnames.Count(h => h is not null);
        if (mode == Direct && named < containers.Count)
        {
            throw errors.Validation("ContainerHostname must be specified for every container when InferenceExecutionConfig Mode is Direct.");
        }
        if (named > 0 && named < containers.Count)
        {
            throw errors.Validation("ContainerHostname must be specified for every container or for none of them.");
        }
        var duplicate = hostnames.OfType<string>().GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw errors.Validation($"ContainerHostname {duplicate.Key} is used by more than one container; hostnames must be unique.");
        }
    }

    private static void CheckEnvironmentSize(IReadOnlyList<JsonObject> containers, HostingErrors errors)
    {
        var bytes = containers
            .SelectMany(c => (c["Environment"] as JsonObject)?.AsEnumerable() ?? [])
            .Sum(e => Encoding.UTF8.GetByteCount(e.Key) + Encoding.UTF8.GetByteCount(e.Value is null ? "" : NodeValues.ToText(e.Value)));
        if (bytes > MaxEnvironmentBytes)
        {
            throw errors.Validation($"The total size of Environment across all containers ({bytes} bytes) exceeds the limit of {MaxEnvironmentBytes} bytes.");
        }
    }
}
