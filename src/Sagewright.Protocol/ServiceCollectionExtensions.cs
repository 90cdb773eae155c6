using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;

namespace Sagewright.Protocol;

public static class ServiceCollectionExtensions
{
    /// <summary>The protocol layer: service models, router, codecs, authorizer and the request pipeline.</summary>
    public static IServiceCollection AddSagewrightProtocol(this IServiceCollection services, Action<PipelineOptions>? configure = null)
    {
        var options = new PipelineOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ServiceCatalog.LoadEmbedded());
        services.AddSingleton<ServiceRouter>();
        services.AddSingleton(sp =>
        {
            var registry = new OperationRegistry(sp.GetRequiredService<ServiceCatalog>());
            foreach (var module in sp.GetServices<IAwsServiceModule>())
            {
                module.Register(registry);
            }
            return registry;
        });
        services.AddSingleton<CodecSet>();
        services.AddSingleton<PolicyDocumentCache>();
        services.AddSingleton<Authorizer>();
        services.AddSingleton<AwsRequestPipeline>();
        return services;
    }
}
