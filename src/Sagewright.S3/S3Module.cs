using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Handlers;

namespace Sagewright.S3;

/// <summary>
/// Registers S3's operations with S3's IAM actions (which are not the operation names: HeadObject needs s3:GetObject,
/// ListObjectsV2 s3:ListBucket, the multipart calls s3:PutObject), on the bucket or object ARN, with the bucket policy.
/// </summary>
internal sealed class S3Module(S3Handlers handlers) : IAwsServiceModule
{
    public void Register(OperationRegistry registry)
    {
        void Add(string operation, OperationHandler handler, Access access) => registry.Add("s3", operation, handler, access);
        Access OnBucket(string action) => Access.To(S3Access.BucketArn).As(action).WithResourcePolicy(BucketPolicy).WithContext(S3Access.ConditionKeys);
        Access OnObject(string action) => Access.To(S3Access.ObjectArn).As(action).WithResourcePolicy(BucketPolicy).WithContext(S3Access.ConditionKeys);

        Add("CreateBucket", handlers.CreateBucket, Access.To(S3Access.BucketArn).As("s3:CreateBucket").WithContext(S3Access.ConditionKeys));
        Add("ListBuckets", handlers.ListBuckets, Access.To(_ => "*").As("s3:ListAllMyBuckets"));
        Add("HeadBucket", handlers.HeadBucket, OnBucket("s3:ListBucket"));
        Add("DeleteBucket", handlers.DeleteBucket, OnBucket("s3:DeleteBucket"));
        Add("GetBucketLocation", handlers.GetBucketLocation, OnBucket("s3:GetBucketLocation"));
        Add("GetBucketVersioning", handlers.GetBucketVersioning, OnBucket("s3:GetBucketVersioning"));
        Add("PutBucketPolicy", handlers.PutBucketPolicy, OnBucket("s3:PutBucketPolicy"));
        Add("GetBucketPolicy", handlers.GetBucketPolicy, OnBucket("s3:GetBucketPolicy"));
        Add("DeleteBucketPolicy", handlers.DeleteBucketPolicy, OnBucket("s3:DeleteBucketPolicy"));
        Add("PutBucketEncryption", handlers.PutBucketEncryption, OnBucket("s3:PutEncryptionConfiguration"));
        Add("GetBucketEncryption", handlers.GetBucketEncryption, OnBucket("s3:GetEncryptionConfiguration"));
        Add("DeleteBucketEncryption", handlers.DeleteBucketEncryption, OnBucket("s3:PutEncryptionConfiguration"));
        Add("PutBucketTagging", handlers.PutBucketTagging, OnBucket("s3:PutBucketTagging"));
        Add("GetBucketTagging", handlers.GetBucketTagging, OnBucket("s3:GetBucketTagging"));
        Add("DeleteBucketTagging", handlers.DeleteBucketTagging, OnBucket("s3:PutBucketTagging"));

        Add("ListObjects", handlers.ListObjects, OnBucket("s3:ListBucket"));
        Add("ListObjectsV2", handlers.ListObjectsV2, OnBucket("s3:ListBucket"));
        Add("ListObjectVersions", handlers.ListObjectVersions, OnBucket("s3:ListBucketVersions"));
        Add("ListMultipartUploads", handlers.ListMultipartUploads, OnBucket("s3:ListBucketMultipartUploads"));

        Add("PutObject", handlers.PutObject, OnObject("s3:PutObject"));
        Add("GetObject", handlers.GetObject, OnObject("s3:GetObject"));
        Add("HeadObject", handlers.HeadObject, OnObject("s3:GetObject"));
        Add("DeleteObject", handlers.DeleteObject, OnObject("s3:DeleteObject"));
        Add("CopyObject", handlers.CopyObject, OnObject("s3:PutObject"));
        Add("GetObjectTagging", handlers.GetObjectTagging, OnObject("s3:GetObjectTagging"));
        Add("PutObjectTagging", handlers.PutObjectTagging, OnObject("s3:PutObjectTagging"));
        Add("DeleteObjectTagging", handlers.DeleteObjectTagging, OnObject("s3:DeleteObjectTagging"));
        Add("DeleteObjects", handlers.DeleteObjects, Access.AnyAuthenticatedCaller(
            "DeleteObjects authorizes s3:DeleteObject on each key it names, in the handler, with the bucket policy."));

        Add("CreateMultipartUpload", handlers.CreateMultipartUpload, OnObject("s3:PutObject"));
        Add("UploadPart", handlers.UploadPart, OnObject("s3:PutObject"));
        Add("UploadPartCopy", handlers.UploadPartCopy, OnObject("s3:PutObject"));
        Add("CompleteMultipartUpload", handlers.CompleteMultipartUpload, OnObject("s3:PutObject"));
        Add("AbortMultipartUpload", handlers.AbortMultipartUpload, OnObject("s3:AbortMultipartUpload"));
        Add("ListParts", handlers.ListParts, OnObject("s3:ListMultipartUploadParts"));
    }

    private async ValueTask<ResourcePolicy?> BucketPolicy(OperationCall call, string resource, CancellationToken cancellationToken) =>
        S3Access.PolicyOf(await handlers.BucketAsync(call));
}
