using System.Security.Cryptography;
using System.Text;

namespace Sagewright.Iam;

/// <summary>An AWS managed policy: addressable in every account as arn:aws:iam::aws:policy/NAME, read-only.</summary>
internal sealed record AwsManagedPolicy(string Name, string Description, string Document)
{
    public string Arn => IamArns.Policy(IamArns.AwsAccount, "/", Name);

    /// <summary>Stable across restarts and replicas: derived from the name.</summary>
    public string PolicyId { get; } = "ANPA" + StableSuffix(Name);

    private static string StableSuffix(string name)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return string.Concat(hash.Take(17).Select(b => alphabet[b % alphabet.Length]));
    }
}

/// <summary>
/// The AWS managed policies Sagewright knows. The documents are our own approximations of AWS's, reduced to the
/// services Sagewright speaks; AWS revises its versions over time and these do not track them.
/// </summary>
internal static class AwsManagedPolicies
{
    public const string VersionId = "v1";

    /// <summary>When the seeded versions were written; reported as CreateDate/UpdateDate.</summary>
    public static readonly DateTimeOffset Published = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<AwsManagedPolicy> All =
    [
        new("AdministratorAccess", "Provides full access to AWS services and resources.", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
            """),
        new("PowerUserAccess", "Provides full access to AWS services and resources, but does not allow management of Users and groups.", """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},
              {"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles",
                "organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]}
            """),
        new("ReadOnlyAccess", "Provides read-only access to AWS services and resources.", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
              "cloudwatch:Describe*","cloudwatch:Get*","cloudwatch:List*",
              "events:Describe*","events:List*","events:Test*",
              "iam:Generate*","iam:Get*","iam:List*","iam:Simulate*",
              "kms:Describe*","kms:Get*","kms:List*",
              "lex:Get*","lex:List*","lex:Describe*",
              "personalize:Describe*","personalize:Get*","personalize:List*",
              "s3:Describe*","s3:Get*","s3:List*",
              "sagemaker:BatchDescribe*","sagemaker:BatchGet*","sagemaker:Describe*","sagemaker:Get*","sagemaker:List*","sagemaker:Search",
              "sts:GetCallerIdentity","sts:GetAccessKeyInfo"],"Resource":"*"}]}
            """),
        new("IAMFullAccess", "Provides full access to IAM via the AWS Management Console.", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount",
              "organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy",
              "organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget",
              "organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}
            """),
        new("IAMReadOnlyAccess", "Provides read only access to IAM via the AWS Management Console.", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GenerateCredentialReport",
              "iam:GenerateServiceLastAccessedDetails","iam:Get*","iam:List*","iam:SimulateCustomPolicy",
              "iam:SimulatePrincipalPolicy"],"Resource":"*"}]}
            """),
        new("AmazonS3FullAccess", "Provides full access to all buckets via the AWS Management Console.", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}
            """),
        new("AmazonS3ReadOnlyAccess", "Provides read only access to all buckets via the AWS Management Console.", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*",
              "s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}
            """),
        new("AmazonSageMakerFullAccess", "Provides full access to Amazon SageMaker via the AWS Management Console and SDK.", """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["sagemaker:*"],"NotResource":["arn:aws:sagemaker:*:*:domain/*",
                "arn:aws:sagemaker:*:*:user-profile/*","arn:aws:sagemaker:*:*:app/*","arn:aws:sagemaker:*:*:flow-definition/*"]},
              {"Effect":"Allow","Action":["sagemaker:CreatePresignedDomainUrl","sagemaker:DescribeDomain","sagemaker:ListDomains",
                "sagemaker:DescribeUserProfile","sagemaker:ListUserProfiles","sagemaker:DescribeApp","sagemaker:ListApps"],"Resource":"*"},
              {"Effect":"Allow","Action":["cloudwatch:DeleteAlarms","cloudwatch:DescribeAlarms","cloudwatch:GetMetricData",
                "cloudwatch:GetMetricStatistics","cloudwatch:ListMetrics","cloudwatch:PutMetricAlarm","cloudwatch:PutMetricData",
                "events:DescribeRule","events:ListRules","events:PutRule","events:PutTargets","events:RemoveTargets","events:DeleteRule",
                "iam:ListRoles","kms:DescribeKey","kms:ListAliases","s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"*"},
              {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject","s3:AbortMultipartUpload"],
                "Resource":["arn:aws:s3:::*SageMaker*","arn:aws:s3:::*Sagemaker*","arn:aws:s3:::*sagemaker*"]},
              {"Effect":"Allow","Action":["s3:CreateBucket","s3:GetBucketLocation","s3:ListBucket","s3:ListAllMyBuckets",
                "s3:GetBucketCors","s3:PutBucketCors"],"Resource":"*"},
              {"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*","Condition":{"StringEqualsIgnoreCase":{"s3:ExistingObjectTag/SageMaker":"true"}}},
              {"Effect":"Allow","Action":["iam:PassRole"],"Resource":"arn:aws:iam::*:role/*",
                "Condition":{"StringEquals":{"iam:PassedToService":["sagemaker.amazonaws.com"]}}}]}
            """),
        new("AmazonSageMakerReadOnly", "Provides read only access to Amazon SageMaker via the AWS Management Console and SDK.", """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["sagemaker:Describe*","sagemaker:List*","sagemaker:BatchGet*","sagemaker:BatchDescribe*",
                "sagemaker:Search","sagemaker:RenderUiTemplate","sagemaker:GetSearchSuggestions","sagemaker:QueryLineage",
                "sagemaker:GetLineageGroupPolicy","sagemaker:GetModelPackageGroupPolicy","sagemaker:GetSagemakerServicecatalogPortfolioStatus"],
                "Resource":"*"},
              {"Effect":"Allow","Action":["cloudwatch:DescribeAlarms","cloudwatch:GetMetricData","cloudwatch:GetMetricStatistics",
                "cloudwatch:ListMetrics","events:DescribeRule","events:ListRules"],"Resource":"*"}]}
            """),
    ];

    private static readonly Dictionary<string, AwsManagedPolicy> ByArn = All.ToDictionary(p => p.Arn, StringComparer.Ordinal);

    public static AwsManagedPolicy? Find(string arn) => ByArn.GetValueOrDefault(arn);
}
