using Microsoft.Data.Sqlite;
using Xunit;

namespace Sagewright.Data.Tests;

[Backend("sqlite")]
public sealed class SqliteDatabaseTests : DatabaseContractTests
{
    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "sagewright-data-tests", Guid.NewGuid().ToString("N"));

    protected override DatabaseKind ExpectedKind => DatabaseKind.Sqlite;

    protected override DatabaseOptions Options() => new() { DataDirectory = _directory };

    protected override Task CreateStoreAsync() => Task.CompletedTask;

    protected override Task DeleteStoreAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        return Task.CompletedTask;
    }

    protected override async Task AssertDurabilityAsync()
    {
        foreach (var pragmas in new[] { await Db.WriteAsync(ReadPragmasAsync, Ct), await Db.ReadAsync(ReadPragmasAsync, Ct) })
        {
            Assert.Equal(("wal", 2L, 1L, 5000L), pragmas);
        }
    }

    private static async Task<(string?, long, long, long)> ReadPragmasAsync(DbSession s) => (
        await s.ScalarAsync<string>("PRAGMA journal_mode"),
        await s.ScalarAsync<long>("PRAGMA synchronous"),
        await s.ScalarAsync<long>("PRAGMA foreign_keys"),
        await s.ScalarAsync<long>("PRAGMA busy_timeout"));

    [BackendFact]
    public void DatabaseFile_LivesInTheDataDirectory() =>
        Assert.True(File.Exists(Path.Combine(_directory, "sagewright.db")));

    [BackendFact]
    public async Task Write_WhileAnotherConnectionHoldsTheWriteLock_WaitsAndSucceeds()
    {
        await CreateTablesAsync("CREATE TABLE notes (id TEXT PRIMARY KEY)");
        // A connection of its own stands in for the admin CLI process writing while the server runs.
        await using var cli = new SqliteConnection($"Data Source={Path.Combine(_directory, "sagewright.db")};Pooling=False");
        await cli.OpenAsync(Ct);
        await using var cliTransaction = cli.BeginTransaction(deferred: false);
        await using (var insert = cli.CreateCommand())
        {
            insert.CommandText = "INSERT INTO notes (id) VALUES ('from-cli')";
            await insert.ExecuteNonQueryAsync(Ct);
        }

        // Task.Run: SQLite calls are synchronous, so the waiting write would otherwise block this thread.
        var serverWrite = Task.Run(() => Db.WriteAsync(s => s.ExecuteAsync("INSERT INTO notes (id) VALUES ('from-server')"), Ct));
        await Task.Delay(300, Ct);
        Assert.False(serverWrite.IsCompleted);
        cliTransaction.Commit();

        Assert.Equal(1, await serverWrite);
        Assert.Equal(2, await CountAsync("notes"));
    }
}
