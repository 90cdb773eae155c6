using System.Data;
using Npgsql;

namespace Sagewright.Data;

/// <summary>
/// The shared backend for several replicas. Write transactions run at SERIALIZABLE: PostgreSQL aborts
/// any transaction whose reads another committed write has invalidated (SQLSTATE 40001), and
/// <see cref="WriteRetry"/> re-runs it, so read-check-write code needs no explicit row locks.
/// </summary>
internal sealed class PostgreSqlDatabase : IDatabase
{
    // pg_advisory_xact_lock key for MigrateAsync: ASCII "SgwrMigr", fixed so every replica agrees.
    private const long MigrationLockKey = 0x5367_7772_4D69_6772;

    private readonly NpgsqlDataSource _writes;
    private readonly NpgsqlDataSource _reads;
    private readonly int _maxWriteAttempts;

    private PostgreSqlDatabase(NpgsqlDataSource writes, NpgsqlDataSource reads, int maxWriteAttempts)
    {
        _writes = writes;
        _reads = reads;
        _maxWriteAttempts = maxWriteAttempts;
    }

    public DatabaseKind Kind => DatabaseKind.PostgreSql;

    public static async Task<PostgreSqlDatabase> OpenAsync(
        string connectionString, DatabaseOptions options, CancellationToken ct)
    {
        // Session settings travel in the startup packet, so they cost no round trip per transaction;
        // synchronous_commit=on keeps "acknowledged means durable" whatever the server default is.
        var writes = NpgsqlDataSource.Create(WithStartupOptions(connectionString, "-c synchronous_commit=on"));
        var reads = NpgsqlDataSource.Create(WithStartupOptions(connectionString, "-c default_transaction_read_only=on"));
        var database = new PostgreSqlDatabase(writes, reads, options.MaxWriteAttempts);
        try
        {
            await using var connection = await writes.OpenConnectionAsync(ct);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public Task MigrateAsync(string module, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        MigrationRunner.Validate(PostgreSqlDialect.Instance, module, migrations);
        // READ COMMITTED, not SERIALIZABLE: a serializable snapshot would be taken by the lock statement
        // itself, before the lock is granted, and miss the migrations another replica just committed.
        return TransactionNesting.RunAsync(() => WriteRetry.RunAsync(
            () => RunAsync(_writes, IsolationLevel.ReadCommitted, async session =>
            {
                await session.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey });
                return await MigrationRunner.ApplyPendingAsync(session, PostgreSqlDialect.Instance, module, migrations);
            }, ct),
            PostgreSqlDialect.Instance.IsTransient, _maxWriteAttempts, ct));
    }

    public Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TransactionNesting.RunAsync(() => WriteRetry.RunAsync(
            () => RunAsync(_writes, IsolationLevel.Serializable, work, ct),
            PostgreSqlDialect.Instance.IsTransient, _maxWriteAttempts, ct));
    }

    public Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        // REPEATABLE READ READ ONLY: one snapshot for the whole delegate, and it never fails with 40001.
        return TransactionNesting.RunAsync(() => RunAsync(_reads, IsolationLevel.RepeatableRead, work, ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        await _reads.DisposeAsync();
    }

    private static async Task<T> RunAsync<T>(
        NpgsqlDataSource source, IsolationLevel isolation, Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(isolation, ct);
        var session = new DbSession(PostgreSqlDialect.Instance, connection, transaction, ct);
        var result = await work(session);
        // Not cancellable: once the work is done, a client hanging up must not leave the commit's outcome unknown.
        await transaction.CommitAsync(CancellationToken.None);
        return session.Committed(result);
    }

    private static string WithStartupOptions(string connectionString, string options)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? options : $"{builder.Options} {options}";
        return builder.ConnectionString;
    }
}
