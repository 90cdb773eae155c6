using Sagewright.Data;

namespace Sagewright.Kms;

/// <summary>
/// Holds the master key once the startup task has loaded it and checked it against the database: a database whose
/// keys were sealed by another master key (or a lost key file) stops the server at start rather than failing every
/// request, and never gets a fresh master key silently.
/// </summary>
internal sealed class MasterKeySource(KmsOptions options, IDatabase database, TimeProvider time)
{
    private MasterKey? _key;

    public MasterKey Key => _key ?? throw new InvalidOperationException("KMS was used before its startup task loaded the master key.");

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var path = options.MasterKeyFile ?? throw new InvalidOperationException("KmsOptions.MasterKeyFile is not set.");
        var registered = await database.ReadAsync(KmsStore.MasterKeyIdsAsync, cancellationToken);
        var key = MasterKey.LoadOrCreate(path, mayCreate: registered.Count == 0);
        await database.WriteAsync(async db =>
        {
            var ids = await KmsStore.MasterKeyIdsAsync(db);
            if (ids.Count > 0 && !ids.Contains(key.Id))
            {
                throw new InvalidOperationException(
                    $"The KMS master key in {path} (id {key.Id}) is not the one that sealed this database's KMS keys (id {string.Join(", ", ids)}).");
            }
            await KmsStore.RegisterMasterKeyAsync(db, key.Id, time.GetUtcNow());
            return true;
        }, cancellationToken);
        _key = key;
    }

    /// <summary>For tests: a key that is not checked against any database.</summary>
    public void Use(MasterKey key) => _key = key;
}
