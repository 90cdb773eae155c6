using Sagewright.Data;

namespace Sagewright.S3.Storage;

/// <summary>S3's metadata queries. Every method runs inside the caller's transaction.</summary>
internal static partial class S3Store
{
    private const string BucketColumns = "name, account_id, region, created_at, policy, encryption, tags";

    public static Task<Bucket?> FindBucketAsync(DbSession db, string name) => db.QuerySingleOrDefaultAsync(
        $"SELECT {BucketColumns} FROM s3_buckets WHERE name = @name", ReadBucket, new { name });

    public static Task<IReadOnlyList<Bucket>> ListBucketsAsync(DbSession db, string accountId, string prefix, string after, int take) => db.QueryAsync(
        $"""
        SELECT {BucketColumns} FROM s3_buckets
        WHERE account_id = @accountId AND name > @after AND name >= @prefix AND substr(name, 1, length(@prefix)) = @prefix
        ORDER BY name LIMIT @take
        """, ReadBucket, new { accountId, prefix, after, take = (long)take });

    public static Task InsertBucketAsync(DbSession db, Bucket bucket) => db.ExecuteAsync(
        """
        INSERT INTO s3_buckets (name, account_id, region, created_at, policy, encryption, tags)
        VALUES (@Name, @AccountId, @Region, @CreatedAt, @Policy, @Encryption, @Tags)
        """, new { bucket.Name, bucket.AccountId, bucket.Region, bucket.CreatedAt, bucket.Policy, bucket.Encryption, bucket.Tags });

    public static Task DeleteBucketAsync(DbSession db, string name) => db.ExecuteAsync("DELETE FROM s3_buckets WHERE name = @name", new { name });

    public static Task SetBucketPolicyAsync(DbSession db, string name, string? policy) =>
        db.ExecuteAsync("UPDATE s3_buckets SET policy = @policy WHERE name = @name", new { name, policy });

    public static Task SetBucketEncryptionAsync(DbSession db, string name, string? encryption) =>
        db.ExecuteAsync("UPDATE s3_buckets SET encryption = @encryption WHERE name = @name", new { name, encryption });

    public static Task SetBucketTagsAsync(DbSession db, string name, string? tags) =>
        db.ExecuteAsync("UPDATE s3_buckets SET tags = @tags WHERE name = @name", new { name, tags });

    public static async Task<bool> BucketHasContentAsync(DbSession db, string name) =>
        await db.ScalarAsync<long>("SELECT COUNT(*) FROM (SELECT 1 FROM s3_objects WHERE bucket = @name LIMIT 1) o", new { name }) > 0
        || await db.ScalarAsync<long>("SELECT COUNT(*) FROM (SELECT 1 FROM s3_uploads WHERE bucket = @name LIMIT 1) u", new { name }) > 0;

    private static Bucket ReadBucket(DbRow row) => new(
        row.GetString("name"),
        row.GetString("account_id"),
        row.GetString("region"),
        row.GetDateTimeOffset("created_at"),
        row.GetStringOrNull("policy"),
        row.GetStringOrNull("encryption"),
        row.GetStringOrNull("tags"));
}
