using System.Data.Common;

namespace Sagewright.Data;

/// <summary>
/// One open transaction. Parameters are written @name in SQL and given as an anonymous object or a
/// dictionary. Not thread-safe: run its commands one after another.
/// </summary>
public sealed class DbSession
{
    private readonly SqlDialect _dialect;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private List<Action>? _afterCommit;

    internal DbSession(SqlDialect dialect, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        _dialect = dialect;
        _connection = connection;
        _transaction = transaction;
        CancellationToken = ct;
    }

    public DatabaseKind Kind => _dialect.Kind;

    /// <summary>The token given to WriteAsync/ReadAsync; every command observes it.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Runs <paramref name="action"/> once this transaction has committed (never if it rolls back or is retried),
    /// e.g. to wake a worker that reads what the transaction wrote. Exceptions it throws are not the writer's.
    /// </summary>
    public void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    internal T Committed<T>(T result)
    {
        foreach (var action in _afterCommit ?? [])
        {
            try
            {
                action();
            }
            catch (Exception)
            {
                // A wake-up hint failing must not turn a committed write into an error.
            }
        }
        return result;
    }

    public async Task<int> ExecuteAsync(string sql, object? args = null)
    {
        await using var command = CreateCommand(sql, args);
        try
        {
            return await command.ExecuteNonQueryAsync(CancellationToken);
        }
        catch (DbException e) when (_dialect.AsUniqueViolation(e) is { } violation)
        {
            throw violation;
        }
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var command = CreateCommand(sql, args);
        try
        {
            return SqlValues.ConvertTo<T>(await command.ExecuteScalarAsync(CancellationToken));
        }
        catch (DbException e) when (_dialect.AsUniqueViolation(e) is { } violation)
        {
            throw violation;
        }
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbRow, T> map, object? args = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        await using var command = CreateCommand(sql, args);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(CancellationToken);
            var row = new DbRow(reader);
            var results = new List<T>();
            while (await reader.ReadAsync(CancellationToken))
            {
                results.Add(map(row));
            }
            return results;
        }
        catch (DbException e) when (_dialect.AsUniqueViolation(e) is { } violation)
        {
            throw violation;
        }
    }

    /// <summary>The mapped single row, default when there is none; throws when there are several.</summary>
    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, Func<DbRow, T> map, object? args = null)
    {
        var rows = await QueryAsync(sql, map, args);
        return rows.Count switch
        {
            0 => default,
            1 => rows[0],
            _ => throw new InvalidOperationException($"Expected at most one row but the query returned {rows.Count}."),
        };
    }

    private DbCommand CreateCommand(string sql, object? args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var (name, value) in SqlArguments.Enumerate(args))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name.StartsWith('@') ? name : "@" + name;
            parameter.Value = _dialect.ToProviderValue(value);
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
