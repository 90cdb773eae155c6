using Sagewright.Data;
using Sagewright.S3.Bodies;

namespace Sagewright.S3.Storage;

internal static partial class S3Store
{
    private const string ObjectColumns =
        "bucket, object_key, size, etag, last_modified, headers, storage_class, segments, encryption, checksum, parts_count, tags";

    public static Task<StoredObject?> FindObjectAsync(DbSession db, string bucket, string key) => db.QuerySingleOrDefaultAsync(
        $"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = @bucket AND object_key = @key", ReadObject, new { bucket, key });

    /// <summary>
    /// Inserts or replaces the object; the replaced object's blobs become garbage (deleted after
    /// <paramref name="graceUntil"/>, so readers that already resolved them finish), and the new blobs stop being garbage.
    /// </summary>
    public static async Task PutObjectAsync(DbSession db, StoredObject item, DateTimeOffset graceUntil)
    {
        // The bucket may have been deleted while the body streamed in: never leave an object in a bucket that is gone.
        _ = await FindBucketAsync(db, item.Bucket) ?? throw S3Errors.NoSuchBucket(item.Bucket);
        var previous = await FindObjectAsync(db, item.Bucket, item.Key);
        if (previous is not null)
        {
            await MarkGarbageAsync(db, Segment.BlobsOf(previous.Segments), graceUntil);
        }
        await db.ExecuteAsync(
            $"""
            INSERT INTO s3_objects ({ObjectColumns})
            VALUES (@Bucket, @Key, @Size, @ETag, @LastModified, @Headers, @StorageClass, @Segments, @Encryption, @Checksum, @PartsCount, @Tags)
            ON CONFLICT (bucket, object_key) DO UPDATE SET size = excluded.size, etag = excluded.etag,
                last_modified = excluded.last_modified, headers = excluded.headers, storage_class = excluded.storage_class,
                segments = excluded.segments, encryption = excluded.encryption, checksum = excluded.checksum,
                parts_count = excluded.parts_count, tags = excluded.tags
            """,
            new
            {
                item.Bucket,
                item.Key,
                item.Size,
                item.ETag,
                item.LastModified,
                Headers = item.Headers.ToJsonString(),
                item.StorageClass,
                Segments = StoredJson.Write(item.Segments.ToList()),
                Encryption = item.Encryption is null ? null : StoredJson.Write(item.Encryption),
                Checksum = item.Checksum is null ? null : StoredJson.Write(item.Checksum),
                PartsCount = (long?)item.PartsCount,
                item.Tags,
            });
        await UnmarkGarbageAsync(db, Segment.BlobsOf(item.Segments));
    }

    /// <summary>Deletes the object if it exists; its blobs become garbage. Returns whether it existed.</summary>
    public static async Task<bool> DeleteObjectAsync(DbSession db, string bucket, string key, DateTimeOffset graceUntil)
    {
        var previous = await FindObjectAsync(db, bucket, key);
        if (previous is null)
        {
            return false;
        }
        await db.ExecuteAsync("DELETE FROM s3_objects WHERE bucket = @bucket AND object_key = @key", new { bucket, key });
        await MarkGarbageAsync(db, Segment.BlobsOf(previous.Segments), graceUntil);
        return true;
    }

    /// <summary>Objects in key order whose key starts with <paramref name="prefix"/> and sorts after <paramref name="after"/>.</summary>
    public static Task<IReadOnlyList<ObjectSummary>> ListObjectsAsync(DbSession db, string bucket, string prefix, string after, bool inclusive, int take) =>
        db.QueryAsync(
            $"""
            SELECT object_key, size, etag, last_modified, storage_class, checksum FROM s3_objects
            WHERE bucket = @bucket AND object_key {(inclusive ? ">=" : ">")} @after
              AND object_key >= @prefix AND substr(object_key, 1, length(@prefix)) = @prefix
            ORDER BY object_key LIMIT @take
            """,
            row => new ObjectSummary(
                row.GetString("object_key"),
                row.GetInt64("size"),
                row.GetString("etag"),
                row.GetDateTimeOffset("last_modified"),
                row.GetString("storage_class"),
                StoredJson.ReadOrNull<ObjectChecksum>(row.GetStringOrNull("checksum"))),
            new { bucket, prefix, after, take = (long)take });

    private static StoredObject ReadObject(DbRow row) => new(
        row.GetString("bucket"),
        row.GetString("object_key"),
        row.GetInt64("size"),
        row.GetString("etag"),
        row.GetDateTimeOffset("last_modified"),
        StoredJson.ReadObject(row.GetString("headers")),
        row.GetString("storage_class"),
        StoredJson.Read<List<Segment>>(row.GetString("segments")),
        StoredJson.ReadOrNull<SealedKey>(row.GetStringOrNull("encryption")),
        StoredJson.ReadOrNull<ObjectChecksum>(row.GetStringOrNull("checksum")),
        row.GetInt64OrNull("parts_count") is { } parts ? (int)parts : null,
        row.GetStringOrNull("tags"));

    /// <summary>Replaces the object's tags; false when the object does not exist.</summary>
    public static async Task<bool> SetObjectTagsAsync(DbSession db, string bucket, string key, string? tags) =>
        await db.ExecuteAsync("UPDATE s3_objects SET tags = @tags WHERE bucket = @bucket AND object_key = @key", new { bucket, key, tags }) > 0;
}
