using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Sagewright.Data.Tests;

public sealed class WriteRetryTests
{
    public static TheoryData<Exception, bool> Conflicts => new()
    {
        { new SqliteException("database is locked", 5), true },
        { new SqliteException("database table is locked", 6), true },
        { new SqliteException("UNIQUE constraint failed: t.id", 19, 2067), false },
        { new PostgresException("could not serialize access", "ERROR", "ERROR", "40001"), true },
        { new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"), true },
        { new PostgresException("duplicate key", "ERROR", "ERROR", "23505"), false },
        { new InvalidOperationException("wrapped", new PostgresException("x", "ERROR", "ERROR", "40001")), true },
        { new InvalidOperationException("boom"), false },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void IsTransient_RecognisesWriteConflictsOfEitherBackend(Exception exception, bool expected) =>
        Assert.Equal(
            expected,
            SqliteDialect.Instance.IsTransient(exception) || PostgreSqlDialect.Instance.IsTransient(exception));

    [Fact]
    public async Task RunAsync_AfterTransientFailures_RunsAgainUntilSuccess()
    {
        var runs = 0;

        var result = await WriteRetry.RunAsync(
            () => ++runs < 3 ? throw new TimeoutException() : Task.FromResult(runs),
            e => e is TimeoutException, maxAttempts: 5, CancellationToken.None);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task RunAsync_WhenConflictsPersist_GivesUpAfterMaxAttempts()
    {
        var runs = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => WriteRetry.RunAsync<int>(
            () => { runs++; throw new TimeoutException(); }, _ => true, maxAttempts: 4, CancellationToken.None));

        Assert.Equal(4, runs);
    }

    [Fact]
    public async Task RunAsync_OnOtherErrors_DoesNotRetry()
    {
        var runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteRetry.RunAsync<int>(
            () => { runs++; throw new InvalidOperationException(); }, _ => false, maxAttempts: 4, CancellationToken.None));

        Assert.Equal(1, runs);
    }

    [Theory]
    [InlineData(1, 2, 5)]
    [InlineData(3, 10, 20)]
    [InlineData(30, 250, 500)]
    public void Backoff_GrowsWithFailuresAndIsCapped(int failures, int minMs, int maxMs)
    {
        for (var i = 0; i < 100; i++)
        {
            var delay = WriteRetry.Backoff(failures).TotalMilliseconds;
            Assert.InRange(delay, minMs, maxMs);
        }
    }
}
