using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Events.Targets.Connections;

namespace Sagewright.Events.Targets;

/// <summary>Creates and upgrades the connection and API destination tables, then loads the secrets key, before serving.</summary>
internal sealed class TargetsMigrations(IDatabase database, ConnectionSecretBox secrets) : IStartupTask
{
    public int Order => 1;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await TargetsStore.MigrateAsync(database, cancellationToken);
        await secrets.LoadAsync(cancellationToken);
    }
}
