using Sagewright.Data;
using Sagewright.S3.Bodies;

namespace Sagewright.S3.Storage;

internal static partial class S3Store
{
    private const string UploadColumns =
        "upload_id, bucket, object_key, initiated, initiator_arn, initiator_id, owner_account, headers, storage_class, encryption, checksum_algorithm, checksum_type, tags";

    public static async Task InsertUploadAsync(DbSession db, MultipartUpload upload)
    {
        _ = await FindBucketAsync(db, upload.Bucket) ?? throw S3Errors.NoSuchBucket(upload.Bucket);
        await InsertUploadRowAsync(db, upload);
    }

    private static Task InsertUploadRowAsync(DbSession db, MultipartUpload upload) => db.ExecuteAsync(
        $"""
        INSERT INTO s3_uploads ({UploadColumns})
        VALUES (@UploadId, @Bucket, @Key, @Initiated, @InitiatorArn, @InitiatorId, @OwnerAccountId, @Headers, @StorageClass,
                @Encryption, @ChecksumAlgorithm, @ChecksumType, @Tags)
        """,
        new
        {
            upload.UploadId,
            upload.Bucket,
            upload.Key,
            upload.Initiated,
            upload.InitiatorArn,
            upload.InitiatorId,
            upload.OwnerAccountId,
            Headers = upload.Headers.ToJsonString(),
            upload.StorageClass,
            Encryption = upload.Encryption is null ? null : StoredJson.Write(upload.Encryption),
            ChecksumAlgorithm = upload.ChecksumAlgorithm is { } a ? Checksums.WireName(a) : null,
            upload.ChecksumType,
            upload.Tags,
        });

    public static Task<MultipartUpload?> FindUploadAsync(DbSession db, string bucket, string key, string uploadId) => db.QuerySingleOrDefaultAsync(
        $"SELECT {UploadColumns} FROM s3_uploads WHERE upload_id = @uploadId AND bucket = @bucket AND object_key = @key",
        ReadUpload, new { uploadId, bucket, key });

    /// <summary>Uploads in (key, initiated, id) order from the markers on.</summary>
    public static Task<IReadOnlyList<MultipartUpload>> ListUploadsAsync(DbSession db, string bucket, string prefix, string keyMarker, int take) =>
        db.QueryAsync(
            $"""
            SELECT {UploadColumns} FROM s3_uploads
            WHERE bucket = @bucket AND object_key >= @keyMarker AND object_key >= @prefix AND substr(object_key, 1, length(@prefix)) = @prefix
            ORDER BY object_key, upload_id LIMIT @take
            """, ReadUpload, new { bucket, prefix, keyMarker, take = (long)take });

    public static Task<IReadOnlyList<MultipartUpload>> UploadsInitiatedBeforeAsync(DbSession db, DateTimeOffset before, int take) => db.QueryAsync(
        $"SELECT {UploadColumns} FROM s3_uploads WHERE initiated < @before ORDER BY initiated LIMIT @take",
        ReadUpload, new { before, take = (long)take });

    /// <summary>Records a part, replacing an earlier upload of the same number (whose blob becomes garbage).</summary>
    public static async Task PutPartAsync(DbSession db, string uploadId, UploadedPart part, DateTimeOffset graceUntil)
    {
        var previous = await db.ScalarAsync<string>(
            "SELECT segment FROM s3_parts WHERE upload_id = @uploadId AND part_number = @number",
            new { uploadId, number = (long)part.PartNumber });
        if (previous is not null)
        {
            await MarkGarbageAsync(db, Segment.BlobsOf([StoredJson.Read<Segment>(previous)]), graceUntil);
        }
        await db.ExecuteAsync(
            """
            INSERT INTO s3_parts (upload_id, part_number, size, etag, last_modified, segment, checksum)
            VALUES (@uploadId, @number, @Size, @ETag, @LastModified, @segment, @Checksum)
            ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag,
                last_modified = excluded.last_modified, segment = excluded.segment, checksum = excluded.checksum
            """,
            new { uploadId, number = (long)part.PartNumber, part.Size, part.ETag, part.LastModified, segment = StoredJson.Write(part.Segment), part.Checksum });
        await UnmarkGarbageAsync(db, Segment.BlobsOf([part.Segment]));
    }

    public static Task<IReadOnlyList<UploadedPart>> ListPartsAsync(DbSession db, string uploadId, int afterPart, int take) => db.QueryAsync(
        """
        SELECT part_number, size, etag, last_modified, segment, checksum FROM s3_parts
        WHERE upload_id = @uploadId AND part_number > @afterPart ORDER BY part_number LIMIT @take
        """,
        row => new UploadedPart(
            row.GetInt32("part_number"),
            row.GetInt64("size"),
            row.GetString("etag"),
            row.GetDateTimeOffset("last_modified"),
            StoredJson.Read<Segment>(row.GetString("segment")),
            row.GetStringOrNull("checksum")),
        new { uploadId, afterPart = (long)afterPart, take = (long)take });

    /// <summary>Removes the upload and its parts; the blobs of parts not in <paramref name="kept"/> become garbage.</summary>
    public static async Task RemoveUploadAsync(DbSession db, string uploadId, IReadOnlySet<string> kept, DateTimeOffset deleteAfter)
    {
        var parts = await ListPartsAsync(db, uploadId, 0, int.MaxValue);
        await MarkGarbageAsync(db, Segment.BlobsOf(parts.Select(p => p.Segment)).Where(b => !kept.Contains(b)), deleteAfter);
        await db.ExecuteAsync("DELETE FROM s3_parts WHERE upload_id = @uploadId", new { uploadId });
        await db.ExecuteAsync("DELETE FROM s3_uploads WHERE upload_id = @uploadId", new { uploadId });
    }

    private static MultipartUpload ReadUpload(DbRow row) => new(
        row.GetString("upload_id"),
        row.GetString("bucket"),
        row.GetString("object_key"),
        row.GetDateTimeOffset("initiated"),
        row.GetString("initiator_arn"),
        row.GetString("initiator_id"),
        row.GetString("owner_account"),
        StoredJson.ReadObject(row.GetString("headers")),
        row.GetString("storage_class"),
        StoredJson.ReadOrNull<SealedKey>(row.GetStringOrNull("encryption")),
        Checksums.Parse(row.GetStringOrNull("checksum_algorithm")),
        row.GetStringOrNull("checksum_type"),
        row.GetStringOrNull("tags"));
}
