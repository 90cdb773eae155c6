using Sagewright.Data;

namespace Sagewright.S3.Storage;

/// <summary>
/// S3's tables. Object bytes live in the blob store; these rows say which blobs are live. A blob id is entered in
/// s3_garbage_blobs before its bytes are written and leaves it in the same transaction that makes an object or part
/// refer to it, so a write that was never acknowledged is collected, and an overwritten object's blobs are entered
/// there when they stop being referenced.
/// </summary>
internal static class S3Schema
{
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, """
            CREATE TABLE s3_buckets (
                name TEXT PRIMARY KEY,
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                created_at TEXT NOT NULL,
                policy TEXT,
                encryption TEXT,
                tags TEXT
            );
            CREATE INDEX s3_buckets_by_account ON s3_buckets (account_id, name);
            CREATE TABLE s3_objects (
                bucket TEXT NOT NULL,
                object_key TEXT NOT NULL,
                size INTEGER NOT NULL,
                etag TEXT NOT NULL,
                last_modified TEXT NOT NULL,
                headers TEXT NOT NULL,
                storage_class TEXT NOT NULL,
                segments TEXT NOT NULL,
                encryption TEXT,
                checksum TEXT,
                parts_count INTEGER,
                PRIMARY KEY (bucket, object_key)
            );
            CREATE TABLE s3_uploads (
                upload_id TEXT PRIMARY KEY,
                bucket TEXT NOT NULL,
                object_key TEXT NOT NULL,
                initiated TEXT NOT NULL,
                initiator_arn TEXT NOT NULL,
                initiator_id TEXT NOT NULL,
                owner_account TEXT NOT NULL,
                headers TEXT NOT NULL,
                storage_class TEXT NOT NULL,
                encryption TEXT,
                checksum_algorithm TEXT,
                checksum_type TEXT
            );
            CREATE INDEX s3_uploads_by_key ON s3_uploads (bucket, object_key, initiated);
            CREATE INDEX s3_uploads_by_age ON s3_uploads (initiated);
            CREATE TABLE s3_parts (
                upload_id TEXT NOT NULL,
                part_number INTEGER NOT NULL,
                size INTEGER NOT NULL,
                etag TEXT NOT NULL,
                last_modified TEXT NOT NULL,
                segment TEXT NOT NULL,
                checksum TEXT,
                PRIMARY KEY (upload_id, part_number)
            );
            CREATE TABLE s3_garbage_blobs (
                blob_id TEXT PRIMARY KEY,
                delete_after TEXT NOT NULL
            );
            CREATE INDEX s3_garbage_blobs_by_time ON s3_garbage_blobs (delete_after)
            """),
        new(2, """
            ALTER TABLE s3_objects ADD COLUMN tags TEXT;
            ALTER TABLE s3_uploads ADD COLUMN tags TEXT
            """),
    ];
}
