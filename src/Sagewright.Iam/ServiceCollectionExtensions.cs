using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Iam;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Accounts, IAM and STS: the IAM/STS operations, the credential resolver and identity-policy source the
    /// pipeline authenticates and authorizes with, and <see cref="AccountAdministration"/>. The schema is migrated
    /// by <see cref="IamMigrations"/>, an <see cref="IStartupTask"/> the host runs before serving.
    /// Needs an IDatabase and the protocol layer (AddSagewrightProtocol) registered.
    /// </summary>
    public static IServiceCollection AddIam(this IServiceCollection services, Action<IamOptions>? configure = null)
    {
        var options = new IamOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAwsServiceModule, IamModule>();
        services.AddSingleton<IamCache>();
        services.AddSingleton<ICredentialResolver, CredentialResolver>();
        services.AddSingleton<IIdentityPolicySource, IdentityPolicySource>();
        services.AddSingleton<AccountAdministration>();
        services.AddSingleton<IServiceRoleSessions, ServiceRoleSessions>();
        services.AddSingleton<IStartupTask, IamMigrations>();
        return services;
    }
}
