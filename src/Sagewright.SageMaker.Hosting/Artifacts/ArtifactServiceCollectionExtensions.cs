using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;

namespace Sagewright.SageMaker.Hosting.Artifacts;

public static class ArtifactServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="ModelArtifactCache"/>. Set <see cref="ModelArtifactOptions.CacheRoot"/> (e.g. DATA-DIR/models).
    /// Needs <see cref="IServiceRoleSessions"/> (IAM) and <see cref="IPlatformEndpoint"/> (the host).
    /// </summary>
    public static IServiceCollection AddModelArtifacts(this IServiceCollection services, Action<ModelArtifactOptions> configure)
    {
        var options = new ModelArtifactOptions();
        configure(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ModelArtifactCache>();
        return services;
    }
}
