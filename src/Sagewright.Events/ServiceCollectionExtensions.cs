using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// EventBridge: buses, rules, targets and PutEvents; <see cref="IEventPublisher"/> for platform events; the
    /// event-bus target kind; and the router, dispatcher and scheduler as hosted services (unless
    /// <see cref="EventsOptions.RunWorkers"/> is false). Other target kinds register themselves as
    /// <see cref="IEventTarget"/>. Needs an IDatabase, the protocol layer and IAM (<see cref="IServiceRoleSessions"/>).
    /// </summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, Action<EventsOptions>? configure = null)
    {
        var options = new EventsOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EventsErrors>();
        services.AddSingleton<EventSignals>();
        services.AddSingleton<PatternCache>();
        services.AddSingleton<TargetKinds>();
        services.AddSingleton<EventsHandlers>();
        services.AddSingleton<IAwsServiceModule, EventsModule>();
        services.AddSingleton<IEventPublisher, EventPublisher>();
        services.AddSingleton<IEventTarget, EventBusTarget>();
        services.AddSingleton<DeadLetterPublisher>();
        services.AddSingleton<EventDeadLetters>();
        services.AddSingleton<IStartupTask, EventsMigrations>();
        services.AddSingleton<EventRouter>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<RuleScheduler>();
        if (options.RunWorkers)
        {
            services.AddHostedService(p => p.GetRequiredService<EventRouter>());
            services.AddHostedService(p => p.GetRequiredService<DeliveryDispatcher>());
            services.AddHostedService(p => p.GetRequiredService<RuleScheduler>());
        }
        return services;
    }
}
