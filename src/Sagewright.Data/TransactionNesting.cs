namespace Sagewright.Data;

/// <summary>
/// Rejects a transaction started inside another one. On SQLite it would wait forever for the write lock
/// its caller holds; on PostgreSQL it would commit independently of its caller.
/// </summary>
internal static class TransactionNesting
{
    private static readonly AsyncLocal<bool> InTransaction = new();

    public static async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        if (InTransaction.Value)
        {
            throw new InvalidOperationException(
                "A database transaction was started inside another one; pass the DbSession down instead.");
        }
        InTransaction.Value = true;
        try
        {
            return await body();
        }
        finally
        {
            InTransaction.Value = false;
        }
    }
}
