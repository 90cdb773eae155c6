using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Routing;

/// <summary>All service models Sagewright speaks, indexed for routing.</summary>
public sealed class ServiceCatalog
{
    private readonly Dictionary<string, ServiceModel> _byName;
    private readonly Dictionary<string, ServiceModel[]> _bySigningName;

    public ServiceCatalog(IEnumerable<ServiceModel> services)
    {
        Services = services.ToArray();
        _byName = Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _bySigningName = Services.GroupBy(s => s.SigningName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public static ServiceCatalog LoadEmbedded() => new(ServiceModelLoader.LoadEmbedded());

    public IReadOnlyList<ServiceModel> Services { get; }

    public ServiceModel this[string name] =>
        _byName.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"No service model named {name}.");

    /// <summary>The services signed as <paramref name="signingName"/>, in model order; empty when none.</summary>
    public IReadOnlyList<ServiceModel> BySigningName(string signingName) => _bySigningName.GetValueOrDefault(signingName) ?? [];
}
