using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Registry;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The SageMaker model registry: model package groups, versioned model packages and group resource policies.
    /// The schema is migrated by an <see cref="IStartupTask"/>. Needs an IDatabase and the protocol layer.
    /// </summary>
    public static IServiceCollection AddSageMakerRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RegistryErrors>();
        services.AddSingleton<IAwsServiceModule, RegistryModule>();
        services.AddSingleton<IStartupTask, RegistryMigrations>();
        return services;
    }
}
