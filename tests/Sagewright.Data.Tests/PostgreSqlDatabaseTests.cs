using Npgsql;
using Xunit;

namespace Sagewright.Data.Tests;

/// <summary>Each test runs in a schema of its own, so tests never see each other's tables.</summary>
[Backend("postgres")]
public sealed class PostgreSqlDatabaseTests : DatabaseContractTests
{
    private readonly string _schema = "test_" + Guid.NewGuid().ToString("N");
    private string _connectionString = "";

    protected override DatabaseKind ExpectedKind => DatabaseKind.PostgreSql;

    protected override DatabaseOptions Options() => new() { PostgresConnectionString = _connectionString };

    protected override async Task CreateStoreAsync()
    {
        var server = TestBackends.PostgresConnectionString();
        await ExecuteAsync(server, $"CREATE SCHEMA {_schema}");
        _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ConnectionString;
    }

    protected override async Task DeleteStoreAsync()
    {
        if (_connectionString.Length > 0)
        {
            await ExecuteAsync(TestBackends.PostgresConnectionString(), $"DROP SCHEMA {_schema} CASCADE");
        }
    }

    protected override async Task AssertDurabilityAsync()
    {
        var write = await Db.WriteAsync(SettingsAsync, Ct);
        var read = await Db.ReadAsync(SettingsAsync, Ct);

        Assert.Equal(("on", "on", "serializable", "off"), write);
        Assert.Equal(("on", "on", "repeatable read", "on"), read);
    }

    private static async Task<(string?, string?, string?, string?)> SettingsAsync(DbSession s) => (
        await s.ScalarAsync<string>("SHOW fsync"),
        await s.ScalarAsync<string>("SHOW synchronous_commit"),
        await s.ScalarAsync<string>("SHOW transaction_isolation"),
        await s.ScalarAsync<string>("SHOW transaction_read_only"));

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
