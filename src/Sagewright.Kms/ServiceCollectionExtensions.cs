using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Kms;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// KMS: the TrentService operations, and <see cref="IKmsDataKeys"/> for other services' server-side encryption.
    /// Set <see cref="KmsOptions.MasterKeyFile"/>. The schema is migrated and the master key loaded by an
    /// <see cref="IStartupTask"/> the host runs before serving. Needs an IDatabase and the protocol layer.
    /// </summary>
    public static IServiceCollection AddKms(this IServiceCollection services, Action<KmsOptions>? configure = null)
    {
        var options = new KmsOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MasterKeySource>();
        services.AddSingleton<KmsErrors>();
        services.AddSingleton<KmsKeys>();
        services.AddSingleton<IAwsServiceModule, KmsModule>();
        services.AddSingleton<IKmsDataKeys, KmsDataKeys>();
        services.AddSingleton<IStartupTask, KmsMigrations>();
        services.AddHostedService<KeyDeletionSweeper>();
        return services;
    }
}
