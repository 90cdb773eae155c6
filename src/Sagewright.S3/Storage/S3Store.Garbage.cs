using Sagewright.Data;

namespace Sagewright.S3.Storage;

internal static partial class S3Store
{
    /// <summary>Enters blobs as garbage: the sweeper deletes them after <paramref name="deleteAfter"/> unless something claims them first.</summary>
    public static async Task MarkGarbageAsync(DbSession db, IEnumerable<string> blobs, DateTimeOffset deleteAfter)
    {
        foreach (var blob in blobs)
        {
            await db.ExecuteAsync(
                "INSERT INTO s3_garbage_blobs (blob_id, delete_after) VALUES (@blob, @deleteAfter) ON CONFLICT (blob_id) DO NOTHING",
                new { blob, deleteAfter });
        }
    }

    public static async Task UnmarkGarbageAsync(DbSession db, IEnumerable<string> blobs)
    {
        foreach (var blob in blobs)
        {
            await db.ExecuteAsync("DELETE FROM s3_garbage_blobs WHERE blob_id = @blob", new { blob });
        }
    }

    public static Task<IReadOnlyList<string>> DueGarbageAsync(DbSession db, DateTimeOffset now, int take) => db.QueryAsync(
        "SELECT blob_id FROM s3_garbage_blobs WHERE delete_after <= @now ORDER BY delete_after LIMIT @take",
        row => row.GetString("blob_id"), new { now, take = (long)take });

    public static Task ForgetGarbageAsync(DbSession db, string blob) =>
        db.ExecuteAsync("DELETE FROM s3_garbage_blobs WHERE blob_id = @blob", new { blob });
}
