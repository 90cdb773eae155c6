using Xunit;

namespace Sagewright.Data.Tests;

public abstract partial class DatabaseContractTests
{
    private const int Writers = 20;

    [BackendFact]
    public async Task ConcurrentReadIncrementWrites_OnOneDatabase_LoseNoUpdate()
    {
        await CreateCounterAsync();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => IncrementAsync(Db))));

        Assert.Equal(Writers, await ReadCounterAsync());
    }

    [BackendFact]
    public async Task ConcurrentReadIncrementWrites_FromTwoDatabases_LoseNoUpdate()
    {
        await CreateCounterAsync();
        var other = await OpenAnotherAsync();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() => IncrementAsync(i % 2 == 0 ? Db : other))));

        Assert.Equal(Writers, await ReadCounterAsync());
    }

    private Task CreateCounterAsync() => CreateTablesAsync(
        "CREATE TABLE counters (id TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT INTO counters (id, value) VALUES ('c', 0)");

    // Read, compute in the application, then write: the lost-update pattern isolation must prevent.
    private Task<int> IncrementAsync(IDatabase database) => database.WriteAsync(async s =>
    {
        var value = await s.ScalarAsync<long>("SELECT value FROM counters WHERE id = 'c'");
        await Task.Yield();
        return await s.ExecuteAsync("UPDATE counters SET value = @next WHERE id = 'c'", new { next = value + 1 });
    }, Ct);

    private Task<long> ReadCounterAsync() =>
        Db.ReadAsync(s => s.ScalarAsync<long>("SELECT value FROM counters WHERE id = 'c'"), Ct);
}
