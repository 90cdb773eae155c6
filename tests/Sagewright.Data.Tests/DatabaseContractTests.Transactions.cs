using System.Data.Common;
using Xunit;

namespace Sagewright.Data.Tests;

public abstract partial class DatabaseContractTests
{
    private const string UsersTable = "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE)";

    [BackendFact]
    public async Task Write_WhenDelegateThrows_RollsBackAndDoesNotRetry()
    {
        await CreateTablesAsync(UsersTable);
        var runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Db.WriteAsync<int>(async s =>
        {
            runs++;
            await s.ExecuteAsync("INSERT INTO users (id, name) VALUES ('u1', 'alice')");
            throw new InvalidOperationException("boom");
        }, Ct));

        Assert.Equal(1, runs);
        Assert.Equal(0, await CountAsync("users"));
    }

    [BackendFact]
    public async Task Write_DuplicateUniqueColumn_ThrowsUniqueViolationAndRollsBack()
    {
        await CreateTablesAsync(UsersTable);
        await Db.WriteAsync(s => s.ExecuteAsync("INSERT INTO users (id, name) VALUES ('u1', 'alice')"), Ct);

        var error = await Assert.ThrowsAsync<UniqueConstraintViolationException>(() => Db.WriteAsync(async s =>
        {
            await s.ExecuteAsync("INSERT INTO users (id, name) VALUES ('u2', 'bob')");
            return await s.ExecuteAsync("INSERT INTO users (id, name) VALUES (@id, @name)", new { id = "u3", name = "alice" });
        }, Ct));

        Assert.Equal("users", error.Table);
        Assert.Equal(1, await CountAsync("users"));
    }

    [BackendFact]
    public async Task Write_DuplicatePrimaryKey_ThrowsUniqueViolation()
    {
        await CreateTablesAsync(UsersTable);
        await Db.WriteAsync(s => s.ExecuteAsync("INSERT INTO users (id, name) VALUES ('u1', 'alice')"), Ct);

        await Assert.ThrowsAsync<UniqueConstraintViolationException>(() => Db.WriteAsync(
            s => s.ScalarAsync<string>("INSERT INTO users (id, name) VALUES ('u1', 'bob') RETURNING id"), Ct));
    }

    [BackendFact]
    public async Task ForeignKeys_AreEnforced()
    {
        await CreateTablesAsync(
            UsersTable,
            "CREATE TABLE keys (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id))");

        await Assert.ThrowsAnyAsync<DbException>(() => Db.WriteAsync(
            s => s.ExecuteAsync("INSERT INTO keys (id, user_id) VALUES ('k1', 'nobody')"), Ct));
    }

    [BackendFact]
    public async Task Read_WhenItWrites_Throws()
    {
        await CreateTablesAsync(UsersTable);

        await Assert.ThrowsAnyAsync<DbException>(() => Db.ReadAsync(
            s => s.ExecuteAsync("INSERT INTO users (id, name) VALUES ('u1', 'alice')"), Ct));
        Assert.Equal(0, await CountAsync("users"));
    }

    [BackendFact]
    public async Task Transaction_StartedInsideAnother_Throws()
    {
        await CreateTablesAsync(UsersTable);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Db.WriteAsync(_ => Db.ReadAsync(s => s.ScalarAsync<long>("SELECT COUNT(*) FROM users"), Ct), Ct));
    }

    [BackendFact]
    public async Task Write_WithCanceledToken_ThrowsAndWritesNothing()
    {
        await CreateTablesAsync(UsersTable);
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Db.WriteAsync(
            s => s.ExecuteAsync("INSERT INTO users (id, name) VALUES ('u1', 'alice')"), canceled.Token));
        Assert.Equal(0, await CountAsync("users"));
    }

    [BackendFact]
    public async Task Read_SeesOneSnapshot_WhileAnotherWriterCommits()
    {
        await CreateTablesAsync(UsersTable);
        var other = await OpenAnotherAsync();

        var (before, after) = await Db.ReadAsync(async s =>
        {
            var first = await s.ScalarAsync<long>("SELECT COUNT(*) FROM users");
            await RunOutsideThisTransaction(() => other.WriteAsync(
                w => w.ExecuteAsync("INSERT INTO users (id, name) VALUES ('u1', 'alice')"), Ct));
            return (first, await s.ScalarAsync<long>("SELECT COUNT(*) FROM users"));
        }, Ct);

        Assert.Equal((0L, 0L), (before, after));
        Assert.Equal(1, await CountAsync("users"));
    }

    /// <summary>Runs work as an unrelated request would, without this flow's "inside a transaction" mark.</summary>
    private static Task RunOutsideThisTransaction(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }
}
