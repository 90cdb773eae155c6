using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.SageMaker.Hosting;

/// <summary>Creates and upgrades hosting's tables before the server accepts requests.</summary>
internal sealed class HostingMigrations(IDatabase database) : IStartupTask
{
    public int Order => 1;

    public Task RunAsync(CancellationToken cancellationToken) => HostingStore.MigrateAsync(database, cancellationToken);
}
