using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// SageMaker hosting's control plane: models and endpoint configurations (endpoints and invocation come later).
    /// The schema is migrated by an <see cref="IStartupTask"/>. Needs an IDatabase and the protocol layer.
    /// </summary>
    public static IServiceCollection AddSageMakerHosting(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HostingErrors>();
        services.AddSingleton<IAwsServiceModule, HostingModule>();
        services.AddSingleton<IStartupTask, HostingMigrations>();
        return services;
    }
}
