using Xunit;

namespace Sagewright.Data.Tests;

/// <summary>
/// The behaviour every backend must show. Each test gets a fresh, empty store from the subclass.
/// </summary>
public abstract partial class DatabaseContractTests : IAsyncLifetime
{
    private readonly List<IDatabase> _opened = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    protected IDatabase Db { get; private set; } = null!;

    protected CancellationToken Ct => _timeout.Token;

    protected abstract DatabaseKind ExpectedKind { get; }

    /// <summary>Options that point at this test's store.</summary>
    protected abstract DatabaseOptions Options();

    protected abstract Task CreateStoreAsync();

    protected abstract Task DeleteStoreAsync();

    /// <summary>Checks, through Db's own sessions, the settings that make an acknowledged commit durable.</summary>
    protected abstract Task AssertDurabilityAsync();

    public async Task InitializeAsync()
    {
        await CreateStoreAsync();
        Db = await OpenAnotherAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
        await DeleteStoreAsync();
        _timeout.Dispose();
    }

    /// <summary>A second IDatabase on the same store, as another process or replica would have.</summary>
    protected async Task<IDatabase> OpenAnotherAsync()
    {
        var database = await DatabaseFactory.OpenAsync(Options(), Ct);
        _opened.Add(database);
        return database;
    }

    protected Task CreateTablesAsync(params string[] sql) =>
        Db.MigrateAsync("test", sql.Select((text, i) => new Migration(i + 1, text)).ToList(), Ct);

    protected Task<long> CountAsync(string table) =>
        Db.ReadAsync(s => s.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}"), Ct);

    [BackendFact]
    public void Kind_IsTheConfiguredBackend() => Assert.Equal(ExpectedKind, Db.Kind);

    [BackendFact]
    public Task DurabilitySettings_AreApplied() => AssertDurabilityAsync();

    [BackendFact]
    public async Task SecondDatabase_SeesCommittedWrites()
    {
        await CreateTablesAsync("CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
        await Db.WriteAsync(s => s.ExecuteAsync("INSERT INTO notes (id, body) VALUES ('n1', 'first')"), Ct);

        var other = await OpenAnotherAsync();
        var seen = await other.ReadAsync(s => s.ScalarAsync<string>("SELECT body FROM notes WHERE id = 'n1'"), Ct);
        await other.WriteAsync(s => s.ExecuteAsync("INSERT INTO notes (id, body) VALUES ('n2', 'second')"), Ct);

        Assert.Equal("first", seen);
        Assert.Equal(2, await CountAsync("notes"));
    }
}
