using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Blobs;
using Sagewright.S3.Bodies;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Handlers;

/// <summary>
/// S3's operations, split by resource family into partial files. Authorization has already happened in the pipeline
/// (see S3Module) when a handler runs; handlers authorize only secondary resources (copy sources, KMS keys).
/// </summary>
internal sealed partial class S3Handlers(
    IDatabase database,
    IBlobStore blobs,
    Authorizer authorizer,
    SseS3Keys sseS3,
    IKmsDataKeys? kms,
    S3Options options,
    TimeProvider time)
{
    /// <summary>Overwritten and deleted blobs stay readable this long for GETs that already resolved them.</summary>
    private static readonly TimeSpan ReaderGrace = TimeSpan.FromSeconds(30);
    private const string BucketItem = "sagewright.s3.bucket";

    private readonly ObjectBodyWriter _writer = new(blobs, database, time);
    private readonly ObjectBodyReader _reader = new(blobs);

    /// <summary>The request's bucket, loaded once per request (the authorization step loads it first); 404 when missing.</summary>
    public async ValueTask<Bucket> BucketAsync(OperationCall call)
    {
        if (call.Context.Http.Items.TryGetValue(BucketItem, out var cached) && cached is Bucket bucket)
        {
            return bucket;
        }
        var name = call.Input.Required("Bucket");
        bucket = await database.ReadAsync(db => S3Store.FindBucketAsync(db, name), call.Aborted) ?? throw S3Errors.NoSuchBucket(name);
        call.Context.Http.Items[BucketItem] = bucket;
        return bucket;
    }

    private static string Key(OperationCall call)
    {
        var key = call.Input.Required("Key");
        BucketNames.ValidateKey(key);
        return key;
    }

    private Task WriteAsync(OperationCall call, Func<DbSession, Task> work) =>
        database.WriteAsync(async db =>
        {
            await work(db);
            return true;
        }, call.Aborted);

    private DateTimeOffset GraceUntil => time.GetUtcNow() + ReaderGrace;

    /// <summary>S3's canonical user id for an account: 64 hex characters, stable.</summary>
    public static string CanonicalUserId(string accountId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sagewright-canonical-user:" + accountId)));

    private static JsonObject Owner(string accountId) => new() { ["DisplayName"] = accountId, ["ID"] = CanonicalUserId(accountId) };

    private static string Quote(string etag) => $"\"{etag}\"";
}
