using Xunit;

namespace Sagewright.Data.Tests;

public abstract partial class DatabaseContractTests
{
    private static readonly Migration[] Inventory =
    [
        new(1, "CREATE TABLE items (id TEXT PRIMARY KEY, qty INTEGER NOT NULL)"),
        new(2, "INSERT INTO items (id, qty) VALUES ('seed', 1)"),
    ];

    [BackendFact]
    public async Task Migrate_RunTwice_AppliesEachMigrationOnce()
    {
        await Db.MigrateAsync("inventory", Inventory, Ct);
        await Db.MigrateAsync("inventory", Inventory, Ct);

        Assert.Equal(1, await CountAsync("items"));
        Assert.Equal([1L, 2L], await AppliedVersionsAsync("inventory"));
    }

    [BackendFact]
    public async Task Migrate_WhenListGrows_AppliesOnlyTheNewMigrations()
    {
        await Db.MigrateAsync("inventory", Inventory, Ct);
        await Db.MigrateAsync("inventory", [.. Inventory, new(3, "INSERT INTO items (id, qty) VALUES ('more', 2)")], Ct);

        Assert.Equal(2, await CountAsync("items"));
        Assert.Equal([1L, 2L, 3L], await AppliedVersionsAsync("inventory"));
    }

    [BackendFact]
    public async Task Migrate_FromTwoDatabasesAtOnce_AppliesEachMigrationOnce()
    {
        var other = await OpenAnotherAsync();
        var modules = Enumerable.Range(0, 4).Select(i => $"m{i}").ToList();

        await Task.WhenAll(modules.SelectMany(module => new[] { Db, other, Db, other }.Select(database =>
            Task.Run(() => database.MigrateAsync(module, ModuleMigrations(module), Ct)))));

        foreach (var module in modules)
        {
            Assert.Equal(1, await CountAsync($"{module}_rows"));
            Assert.Equal([1L, 2L], await AppliedVersionsAsync(module));
        }
    }

    [BackendFact]
    public async Task Migrate_WhenAMigrationFails_LeavesNoTraceOfTheBatch()
    {
        Migration[] broken = [Inventory[0], new(2, "INSERT INTO no_such_table (x) VALUES (1)")];
        await Db.MigrateAsync("other", [new(1, "CREATE TABLE other_rows (id TEXT)")], Ct);

        await Assert.ThrowsAnyAsync<Exception>(() => Db.MigrateAsync("inventory", broken, Ct));

        Assert.Empty(await AppliedVersionsAsync("inventory"));
        await Db.MigrateAsync("inventory", Inventory, Ct);
        Assert.Equal(1, await CountAsync("items"));
    }

    [BackendFact]
    public async Task Migrate_KeepsModulesApart()
    {
        await Db.MigrateAsync("a", [new(1, "CREATE TABLE a_rows (id INTEGER PRIMARY KEY)")], Ct);
        await Db.MigrateAsync("b", [new(1, "CREATE TABLE b_rows (id INTEGER PRIMARY KEY)")], Ct);

        Assert.Equal([1L], await AppliedVersionsAsync("a"));
        Assert.Equal([1L], await AppliedVersionsAsync("b"));
    }

    [BackendFact]
    public async Task Migrate_WithVersionsOutOfOrder_ThrowsArgumentException()
    {
        Migration[] unordered = [new(2, "CREATE TABLE x (id TEXT)"), new(1, "CREATE TABLE y (id TEXT)")];

        await Assert.ThrowsAsync<ArgumentException>(() => Db.MigrateAsync("bad", unordered, Ct));
    }

    [BackendFact]
    public async Task Migrate_WithLowerCaseTypeName_ThrowsArgumentException()
    {
        Migration[] lower = [new(1, "CREATE TABLE x (id integer PRIMARY KEY)")];

        await Assert.ThrowsAsync<ArgumentException>(() => Db.MigrateAsync("bad", lower, Ct));
    }

    [BackendFact]
    public async Task AutoIncrement_AssignsIncreasingIdsReturnedByInsert()
    {
        await CreateTablesAsync("CREATE TABLE events (id {autoincrement}, body TEXT NOT NULL)");

        var first = await Db.WriteAsync(s => s.ScalarAsync<long>(
            "INSERT INTO events (body) VALUES (@body) RETURNING id", new { body = "a" }), Ct);
        var second = await Db.WriteAsync(s => s.ScalarAsync<long>(
            "INSERT INTO events (body) VALUES (@body) RETURNING id", new { body = "b" }), Ct);

        Assert.True(first > 0);
        Assert.True(second > first);
    }

    private static Migration[] ModuleMigrations(string module) =>
    [
        new(1, $"CREATE TABLE {module}_rows (id TEXT PRIMARY KEY)"),
        new(2, $"INSERT INTO {module}_rows (id) VALUES ('only-once')"),
    ];

    private Task<IReadOnlyList<long>> AppliedVersionsAsync(string module) => Db.ReadAsync(s => s.QueryAsync(
        "SELECT version FROM schema_migrations WHERE module = @module ORDER BY version",
        row => row.GetInt64("version"),
        new { module }), Ct);
}
