using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.Iam;

/// <summary>Creates and upgrades IAM's tables before the server accepts requests (and before the admin CLI runs).</summary>
public sealed class IamMigrations(IDatabase database) : IStartupTask
{
    public int Order => 0;

    public Task RunAsync(CancellationToken cancellationToken) => IamStore.MigrateAsync(database, cancellationToken);
}
