using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.Kms;

/// <summary>Creates and upgrades KMS's tables, then loads the master key, before the server accepts requests.</summary>
internal sealed class KmsMigrations(IDatabase database, MasterKeySource masterKey) : IStartupTask
{
    public int Order => 1;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await KmsStore.MigrateAsync(database, cancellationToken);
        await masterKey.LoadAsync(cancellationToken);
    }
}
