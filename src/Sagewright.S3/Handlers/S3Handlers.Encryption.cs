using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Storage;

namespace Sagewright.S3.Handlers;

/// <summary>SSE-KMS and SSE-S3: data keys for new objects, unwrapping them for reads, bucket default encryption.</summary>
internal sealed partial class S3Handlers
{
    private const string DefaultKmsAlias = "alias/aws/s3";

    /// <summary>A data key for a new object as its request or the bucket's default encryption asks (none when neither does).</summary>
    private async Task<(SealedKey? Sealed, byte[]? DataKey)> NewDataKeyAsync(OperationCall call, Bucket bucket, string key, JsonObject request)
    {
        if (request.Optional("SSECustomerAlgorithm") is not null)
        {
            throw S3Errors.NotImplementedHere("server-side encryption with customer-provided keys (SSE-C)");
        }
        var algorithm = request.Optional("ServerSideEncryption");
        var kmsKeyId = request.Optional("SSEKMSKeyId");
        var bucketKey = request.OptionalBoolean("BucketKeyEnabled");
        if (algorithm is null && kmsKeyId is not null)
        {
            throw S3Errors.InvalidArgument("Server Side Encryption with KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
                "x-amz-server-side-encryption", "null");
        }
        if (algorithm is null && DefaultRule(bucket) is { } rule)
        {
            algorithm = rule["ApplyServerSideEncryptionByDefault"]?["SSEAlgorithm"]?.GetValue<string>();
            kmsKeyId = rule["ApplyServerSideEncryptionByDefault"]?["KMSMasterKeyID"]?.GetValue<string>();
            bucketKey ??= rule["BucketKeyEnabled"]?.GetValue<bool>();
        }
        switch (algorithm)
        {
            case null:
                return (null, null);
            case SealedKey.S3Managed:
                if (kmsKeyId is not null)
                {
                    throw S3Errors.InvalidArgument("x-amz-server-side-encryption-aws-kms-key-id is only valid with aws:kms encryption.");
                }
                var (plaintext, wrapped) = sseS3.NewDataKey();
                return (new SealedKey(SealedKey.S3Managed, null, wrapped, null, false), plaintext);
            case SealedKey.Kms or "aws:kms:dsse":
                var userContext = request.Optional("SSEKMSEncryptionContext");
                var context = EncryptionContext(bucket.Name, key, userContext);
                var generated = await KmsCallAsync(k => k.GenerateDataKeyAsync(call.Context, kmsKeyId, DefaultKmsAlias, context, ViaService(call), call.Aborted));
                return (new SealedKey(SealedKey.Kms, generated.KeyArn, Convert.ToBase64String(generated.CiphertextBlob), userContext, bucketKey ?? false),
                    generated.Plaintext);
            default:
                throw S3Errors.InvalidArgument($"The encryption method specified is not supported: {algorithm}", "x-amz-server-side-encryption", algorithm);
        }
    }

    /// <summary>The data key of a stored object, unwrapped as the caller (who needs kms:Decrypt for SSE-KMS objects).</summary>
    private async Task<byte[]?> DataKeyAsync(OperationCall call, string bucket, string key, SealedKey? sealedKey)
    {
        switch (sealedKey?.Algorithm)
        {
            case null:
                return null;
            case SealedKey.S3Managed:
                return sseS3.Unwrap(sealedKey.WrappedKey);
            default:
                var context = EncryptionContext(bucket, key, sealedKey.Context);
                var decrypted = await KmsCallAsync(k => k.DecryptAsync(call.Context, Convert.FromBase64String(sealedKey.WrappedKey), context, ViaService(call), call.Aborted));
                return decrypted.Plaintext;
        }
    }

    private async Task<T> KmsCallAsync<T>(Func<Protocol.Contracts.IKmsDataKeys, ValueTask<T>> call)
    {
        if (kms is null)
        {
            throw S3Errors.NotImplementedHere("SSE-KMS (no KMS module is configured)");
        }
        try
        {
            return await call(kms);
        }
        catch (AwsServiceException e) when (e.Code is not ("AccessDenied" or "NotImplemented") && !e.Code.StartsWith("KMS.", StringComparison.Ordinal))
        {
            // S3 reports KMS's failures under its own codes: KMS.NotFoundException, KMS.DisabledException...
            throw new AwsServiceException("KMS." + e.Code, e.Message, e.StatusCode is 404 ? 400 : e.StatusCode);
        }
    }

    /// <summary>S3's encryption context: the object's ARN plus the caller's own pairs.</summary>
    private static Dictionary<string, string> EncryptionContext(string bucket, string key, string? userContextBase64)
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        if (userContextBase64 is not null)
        {
            try
            {
                var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(userContextBase64)))!.AsObject();
                foreach (var (name, value) in json)
                {
                    context[name] = value!.GetValue<string>();
                }
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
            {
                throw S3Errors.InvalidArgument("The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map",
                    "x-amz-server-side-encryption-context", userContextBase64);
            }
        }
        context["aws:s3:arn"] = BucketNames.ObjectArn(bucket, key);
        return context;
    }

    private static string ViaService(OperationCall call) => $"s3.{call.Region}.amazonaws.com";

    /// <summary>Adds the SSE response members GET, HEAD, PUT and the multipart calls echo.</summary>
    private static void AddEncryptionOutput(JsonObject output, SealedKey? sealedKey)
    {
        if (sealedKey is null)
        {
            return;
        }
        output["ServerSideEncryption"] = sealedKey.Algorithm;
        if (sealedKey.KmsKeyArn is not null)
        {
            output["SSEKMSKeyId"] = sealedKey.KmsKeyArn;
        }
        if (sealedKey.BucketKeyEnabled)
        {
            output["BucketKeyEnabled"] = true;
        }
    }

    private static JsonObject? DefaultRule(Bucket bucket) =>
        bucket.Encryption is { } json ? (JsonNode.Parse(json)?["Rules"] as JsonArray)?.FirstOrDefault() as JsonObject : null;

    public async ValueTask<OperationResult> PutBucketEncryption(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var configuration = call.Input["ServerSideEncryptionConfiguration"] as JsonObject ?? throw S3Errors.MalformedXml();
        if (configuration["Rules"] is not JsonArray { Count: 1 } rules || rules[0] is not JsonObject rule)
        {
            throw S3Errors.MalformedXml();
        }
        var algorithm = rule["ApplyServerSideEncryptionByDefault"]?["SSEAlgorithm"]?.GetValue<string>();
        if (algorithm is not (SealedKey.S3Managed or SealedKey.Kms or "aws:kms:dsse"))
        {
            throw S3Errors.MalformedXml();
        }
        if (algorithm == SealedKey.S3Managed && rule["ApplyServerSideEncryptionByDefault"]?["KMSMasterKeyID"] is not null)
        {
            throw S3Errors.InvalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse");
        }
        var stored = new JsonObject { ["Rules"] = new JsonArray(rule.DeepClone()) }.ToJsonString();
        await WriteAsync(call, db => S3Store.SetBucketEncryptionAsync(db, bucket.Name, stored));
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> GetBucketEncryption(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        var configuration = bucket.Encryption ?? throw S3Errors.NoEncryptionConfiguration(bucket.Name);
        return new JsonObject { ["ServerSideEncryptionConfiguration"] = JsonNode.Parse(configuration) };
    }

    public async ValueTask<OperationResult> DeleteBucketEncryption(OperationCall call)
    {
        var bucket = await BucketAsync(call);
        await WriteAsync(call, db => S3Store.SetBucketEncryptionAsync(db, bucket.Name, null));
        return new OperationResult { StatusCode = 204 };
    }
}
