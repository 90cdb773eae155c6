using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Policy;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Handlers;

/// <summary>Buckets: create, head, list, delete, location, policy, tagging, versioning status.</summary>
internal sealed partial class S3Handlers
{
    public async ValueTask<OperationResult> CreateBucket(OperationCall call)
    {
        var name = call.Input.Required("Bucket");
        BucketNames.Validate(name);
        var constraint = call.Input["CreateBucketConfiguration"]?["LocationConstraint"]?.GetValue<string>();
        if (constraint is not null && constraint != call.Region || constraint == "us-east-1")
        {
            throw new Core.AwsServiceException("IllegalLocationConstraintException",
                $"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.", 400);
        }
        var bucket = new Bucket(name, call.AccountId, call.Region, time.GetUtcNow(), null, null, null);
        try
        {
            await WriteAsync(call, db => S3Store.InsertBucketAsync(db, bucket));
        }
        catch (UniqueConstraintViolationException)
        {
            var existing = await database.ReadAsync(db => S3Store.FindBucketAsync(db, name), call.Aborted);
            // us-east-1 keeps S3's legacy answer: re-creating your own bucket there succeeds.
            if (existing is null || existing.AccountId != call.AccountId)
            {
                throw S3Errors.BucketAlreadyExists(name);
            }
            if (existing.Region != "us-east-1")
            {
                throw S3Errors.BucketAlreadyOwnedByYou(name);
            }
        }
        return new JsonObject { ["Location"] = "/" + name };
    }

    public async ValueTask<OperationResult> HeadBucket(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        return new JsonObject { ["BucketRegion"] = bucket.Region, ["AccessPointAlias"] = false };
    }

    public async ValueTask<OperationResult> ListBuckets(OperationCall call)
    {
        var prefix = call.Input.Optional("Prefix") ?? "";
        var max = (int)Math.Clamp(call.Input.OptionalInt64("MaxBuckets") ?? 10000, 1, 10000);
        var after = call.Input.Optional("ContinuationToken") is { } token ? ContinuationTokens.Decode(token) : "";
        var region = call.Input.Optional("BucketRegion");
        var page = await database.ReadAsync(db => S3Store.ListBucketsAsync(db, call.AccountId, prefix, after, max + 1), call.Aborted);
        var shown = page.Take(max).Where(b => region is null || b.Region == region).ToArray();
        var output = new JsonObject
        {
            ["Buckets"] = new JsonArray(shown.Select(b => (JsonNode)new JsonObject
            {
                ["Name"] = b.Name,
                ["CreationDate"] = b.CreatedAt,
                ["BucketRegion"] = b.Region,
            }).ToArray()),
            ["Owner"] = Owner(call.AccountId),
        };
        if (page.Count > max)
        {
            output["ContinuationToken"] = ContinuationTokens.Encode(page[max - 1].Name);
        }
        if (prefix.Length > 0)
        {
            output["Prefix"] = prefix;
        }
        return output;
    }

    public async ValueTask<OperationResult> DeleteBucket(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        await WriteAsync(call, async db =>
        {
            if (await S3Store.BucketHasContentAsync(db, bucket.Name))
            {
                throw S3Errors.BucketNotEmpty(bucket.Name);
            }
            await S3Store.DeleteBucketAsync(db, bucket.Name);
        });
        return new OperationResult { StatusCode = 204 };
    }

    public async ValueTask<OperationResult> GetBucketLocation(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        // us-east-1 answers an empty LocationConstraint.
        return bucket.Region == "us-east-1" ? new JsonObject() : new JsonObject { ["LocationConstraint"] = bucket.Region };
    }

    public async ValueTask<OperationResult> GetBucketVersioning(OperationCall call)
    {
        await BucketAsync(call);
        return new JsonObject(); // never versioned: S3 answers without a Status
    }

    public async ValueTask<OperationResult> PutBucketPolicy(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var policy = call.Input.Required("Policy");
        try
        {
            PolicyDocument.Parse(policy, PolicyKind.Resource, BucketNames.BucketArn(bucket.Name), "bucket policy");
        }
        catch (MalformedPolicyException e)
        {
            throw S3Errors.MalformedPolicy(e.Message);
        }
        if (Encoding.UTF8.GetByteCount(policy) > 20 * 1024)
        {
            throw S3Errors.MalformedPolicy("Policies must not exceed 20480 bytes.");
        }
        BucketPolicyResources.Validate(policy, bucket.Name);
        await WriteAsync(call, db => S3Store.SetBucketPolicyAsync(db, bucket.Name, policy));
        return new OperationResult { StatusCode = 204 };
    }

    public async ValueTask<OperationResult> GetBucketPolicy(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        return new JsonObject { ["Policy"] = bucket.Policy ?? throw S3Errors.NoSuchBucketPolicy(bucket.Name) };
    }

    public async ValueTask<OperationResult> DeleteBucketPolicy(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        await WriteAsync(call, db => S3Store.SetBucketPolicyAsync(db, bucket.Name, null));
        return new OperationResult { StatusCode = 204 };
    }

    public async ValueTask<OperationResult> PutBucketTagging(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var tags = call.Input["Tagging"]?["TagSet"] as JsonArray ?? throw S3Errors.MalformedXml();
        var keys = tags.OfType<JsonObject>().Select(t => t["Key"]?.GetValue<string>()).ToArray();
        if (keys.Distinct().Count() != keys.Length)
        {
            throw S3Errors.InvalidRequest("Cannot provide multiple Tags with the same key");
        }
        if (keys.Length > 50)
        {
            throw S3Errors.InvalidRequest("Object tags cannot be greater than 50");
        }
        await WriteAsync(call, db => S3Store.SetBucketTagsAsync(db, bucket.Name, tags.ToJsonString()));
        return new OperationResult { StatusCode = 204 };
    }

    public async ValueTask<OperationResult> GetBucketTagging(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        return new JsonObject { ["TagSet"] = JsonNode.Parse(bucket.Tags ?? throw S3Errors.NoSuchTagSet(bucket.Name)) };
    }

    public async ValueTask<OperationResult> DeleteBucketTagging(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        await WriteAsync(call, db => S3Store.SetBucketTagsAsync(db, bucket.Name, null));
        return new OperationResult { StatusCode = 204 };
    }
}
