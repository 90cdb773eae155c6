using Microsoft.Data.Sqlite;

namespace Sagewright.Data;

/// <summary>
/// The embedded backend: one file in WAL mode. Write transactions start with BEGIN IMMEDIATE, which takes
/// the database's single write lock up front, so a read-check-write sequence cannot interleave with
/// another writer (in this process or another, such as the admin CLI).
/// </summary>
internal sealed class SqliteDatabase : IDatabase
{
    public const string FileName = "sagewright.db";

    private const int BusyTimeoutMilliseconds = 5000;

    // Per-connection settings; sent on every open because a pooled handle may have served the other mode.
    private static readonly string WritePragmas = Pragmas(queryOnly: false);
    private static readonly string ReadPragmas = Pragmas(queryOnly: true);

    private readonly string _connectionString;
    private readonly int _maxWriteAttempts;

    // SQLite admits one writer at a time; queueing this process's writers here spares them the busy
    // handler's sleep-and-poll, which backs off to 100 ms between tries.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SqliteDatabase(string connectionString, int maxWriteAttempts)
    {
        _connectionString = connectionString;
        _maxWriteAttempts = maxWriteAttempts;
    }

    public DatabaseKind Kind => DatabaseKind.Sqlite;

    public static async Task<SqliteDatabase> OpenAsync(DatabaseOptions options, CancellationToken ct)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(options.DataDirectory, FileName)),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself until this many seconds pass; keep it
            // equal to busy_timeout so one attempt waits about 5 s before WriteRetry takes over.
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
        var database = new SqliteDatabase(connectionString, options.MaxWriteAttempts);
        await using var connection = await database.OpenConnectionAsync(readOnly: false, ct);
        await using var command = connection.CreateCommand();
        // The journal mode is stored in the file, so setting it once per open database is enough.
        command.CommandText = "PRAGMA journal_mode = WAL";
        var mode = (string?)await command.ExecuteScalarAsync(ct);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}').");
        }
        return database;
    }

    public Task MigrateAsync(string module, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        MigrationRunner.Validate(SqliteDialect.Instance, module, migrations);
        return WriteAsync(session => MigrationRunner.ApplyPendingAsync(session, SqliteDialect.Instance, module, migrations), ct);
    }

    public Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TransactionNesting.RunAsync(() => WriteRetry.RunAsync(
            () => WriteOnceAsync(work, ct), SqliteDialect.Instance.IsTransient, _maxWriteAttempts, ct));
    }

    public Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TransactionNesting.RunAsync(async () =>
        {
            await using var connection = await OpenConnectionAsync(readOnly: true, ct);
            // Deferred: a WAL reader takes no lock and sees the snapshot of its first read.
            await using var transaction = connection.BeginTransaction(deferred: true);
            var result = await work(new DbSession(SqliteDialect.Instance, connection, transaction, ct));
            transaction.Commit();
            return result;
        });
    }

    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> WriteOnceAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenConnectionAsync(readOnly: false, ct);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var session = new DbSession(SqliteDialect.Instance, connection, transaction, ct);
            var result = await work(session);
            transaction.Commit();
            return session.Committed(result);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static string Pragmas(bool queryOnly) =>
        $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; " +
        $"PRAGMA query_only = {(queryOnly ? "ON" : "OFF")};";

    private async Task<SqliteConnection> OpenConnectionAsync(bool readOnly, CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = readOnly ? ReadPragmas : WritePragmas;
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
