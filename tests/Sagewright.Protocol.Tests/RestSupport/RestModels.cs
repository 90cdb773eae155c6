using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.Protocol.Tests.RestSupport;

/// <summary>The embedded service models, loaded once for all REST tests.</summary>
internal static class RestModels
{
    private static readonly Lazy<IReadOnlyDictionary<string, ServiceModel>> Models =
        new(() => ServiceModelLoader.LoadEmbedded().ToDictionary(s => s.Name, StringComparer.Ordinal));

    private static readonly Lazy<RestOperationMatcher> AllRestMatcher = new(() => new RestOperationMatcher(
        Models.Value.Values.Where(s => s.Protocol is WireProtocol.RestJson or WireProtocol.RestXml)));

    public static ServiceModel Service(string name) => Models.Value[name];

    public static OperationModel Operation(string service, string operation) => Service(service).Operation(operation);

    /// <summary>One matcher over every REST service, the hardest case for precedence.</summary>
    public static RestOperationMatcher Matcher => AllRestMatcher.Value;
}
