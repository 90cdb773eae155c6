using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;
using Sagewright.Events.Targets.ApiDestinations;
using Sagewright.Events.Targets.Commands;
using Sagewright.Events.Targets.Connections;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events.Targets;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// EventBridge connections and API destinations (their operations, and an <see cref="IEventTarget"/> that calls
    /// them), and command targets (an <see cref="IEventTarget"/> for Lambda-style function ARNs that runs programs
    /// the operator configured). Set <see cref="EventTargetsOptions.SecretsKeyFile"/>. Needs an IDatabase, the
    /// protocol layer, <see cref="IServiceRoleSessions"/> (IAM) and <see cref="IPlatformEndpoint"/> (the host).
    /// </summary>
    public static IServiceCollection AddEventTargets(this IServiceCollection services, Action<EventTargetsOptions>? configure = null)
    {
        var options = new EventTargetsOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TargetsErrors>();
        services.AddSingleton<ConnectionSecretBox>();
        services.AddSingleton<TargetsHandlers>();
        services.AddSingleton<IAwsServiceModule, TargetsModule>();
        services.AddSingleton<IStartupTask, TargetsMigrations>();

        services.AddSingleton<DestinationRateLimiters>();
        services.AddHttpClient(ApiDestinationTarget.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddSingleton<IEventTarget, ApiDestinationTarget>();

        services.AddSingleton<CommandRunner>();
        services.AddSingleton<IEventTarget, CommandTarget>();
        return services;
    }
}
