using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.SageMaker.Registry;

/// <summary>Creates and upgrades the registry's tables before the server accepts requests.</summary>
internal sealed class RegistryMigrations(IDatabase database) : IStartupTask
{
    public int Order => 1;

    public Task RunAsync(CancellationToken cancellationToken) => RegistryStore.MigrateAsync(database, cancellationToken);
}
