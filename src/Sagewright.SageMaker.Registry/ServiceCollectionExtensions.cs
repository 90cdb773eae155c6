using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Pipeline;
using Sagewright.SageMaker.Registry.Replication;
using Sagewright.SageMaker.Registry.Tags;

namespace Sagewright.SageMaker.Registry;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The SageMaker model registry: model package groups, versioned model packages, group resource policies, their
    /// events, SageMaker's tag operations, and the model-package replication event target.
    /// The schema is migrated by an <see cref="IStartupTask"/>. Needs an IDatabase and the protocol layer.
    /// </summary>
    public static IServiceCollection AddSageMakerRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RegistryErrors>();
        // IEventPublisher comes from the Events module (AddEvents).
        services.AddSingleton<RegistryEvents>();
        services.AddSingleton<IAwsServiceModule, RegistryModule>();
        services.AddSingleton<ISageMakerTaggedResources, ModelPackageTaggedResources>();
        services.AddSingleton<IAwsServiceModule, SageMakerTagsModule>();
        services.AddSingleton<IEventTarget, ModelPackageReplicationTarget>();
        services.AddSingleton<IStartupTask, RegistryMigrations>();
        return services;
    }
}
