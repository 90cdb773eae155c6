namespace Sagewright.Data;

/// <summary>
/// A write hit a UNIQUE or PRIMARY KEY constraint (SQLite 2067/1555, PostgreSQL 23505). The transaction
/// is rolled back, so let it propagate out of <see cref="IDatabase.WriteAsync{T}"/> and map it there.
/// </summary>
public sealed class UniqueConstraintViolationException(string message, string? table, Exception innerException)
    : Exception(message, innerException)
{
    /// <summary>The table whose constraint was violated, when the backend reports it.</summary>
    public string? Table { get; } = table;
}
