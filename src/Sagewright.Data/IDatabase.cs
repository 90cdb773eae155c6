namespace Sagewright.Data;

public interface IDatabase : IAsyncDisposable
{
    DatabaseKind Kind { get; }

    /// <summary>
    /// Applies the module's migrations not yet recorded in schema_migrations, in version order, in one
    /// transaction. Safe when several processes or replicas start at once.
    /// </summary>
    Task MigrateAsync(string module, IReadOnlyList<Migration> migrations, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="work"/> in one serializable write transaction and commits before returning.
    /// The delegate is re-run from the start on write conflicts, so it must not have side effects
    /// outside the session.
    /// </summary>
    Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> in a read-only transaction that sees one consistent snapshot.</summary>
    Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct);
}
