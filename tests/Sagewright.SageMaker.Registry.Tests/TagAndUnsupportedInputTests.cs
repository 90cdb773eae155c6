using System.Text.Json.Nodes;
using Sagewright.SageMaker.Registry.Tags;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>Tags given at creation are kept with the resource and go with it; inputs asking for work not built yet are refused, not ignored.</summary>
public class TagAndUnsupportedInputTests : RegistryTestBase
{
    private Task<IReadOnlyList<SageMakerTag>> StoredTagsAsync(string arn) =>
        Host.Database.ReadAsync(db => SageMakerTagStore.ListAsync(db, Account.AccountId, "us-east-1", arn), CancellationToken.None);

    [Fact]
    public async Task CreateModelPackageGroupAndPackage_KeepTheirTags_UntilDeleted()
    {
        var groupArn = Text((await SageMakerAsync("CreateModelPackageGroup", new JsonObject
        {
            ["ModelPackageGroupName"] = "tagged",
            ["Tags"] = TagList(("team", "risk"), ("env", "prod")),
        }))["ModelPackageGroupArn"]);
        var packageArn = Text((await SageMakerAsync("CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = "tagged",
            ["Tags"] = TagList(("stage", "candidate")),
        }))["ModelPackageArn"]);

        Assert.Equal([new SageMakerTag("env", "prod"), new SageMakerTag("team", "risk")], await StoredTagsAsync(groupArn));
        Assert.Equal([new SageMakerTag("stage", "candidate")], await StoredTagsAsync(packageArn));

        await SageMakerAsync("DeleteModelPackage", new JsonObject { ["ModelPackageName"] = packageArn });
        await SageMakerAsync("DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "tagged" });
        Assert.Empty(await StoredTagsAsync(packageArn));
        Assert.Empty(await StoredTagsAsync(groupArn));
    }

    [Fact]
    public async Task CreateModelPackage_WithValidationSpecification_AnswersNotImplemented_AndCreatesNothing()
    {
        await CreateGroupAsync("validated");

        var error = await FailsAsync("CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = "validated",
            ["ValidationSpecification"] = new JsonObject
            {
                ["ValidationRole"] = $"arn:aws:iam::{Account.AccountId}:role/validator",
                ["ValidationProfiles"] = new JsonArray(new JsonObject
                {
                    ["ProfileName"] = "p",
                    ["TransformJobDefinition"] = new JsonObject
                    {
                        ["TransformInput"] = new JsonObject
                        {
                            ["DataSource"] = new JsonObject { ["S3DataSource"] = new JsonObject { ["S3DataType"] = "S3Prefix", ["S3Uri"] = "s3://b/in" } },
                        },
                        ["TransformOutput"] = new JsonObject { ["S3OutputPath"] = "s3://b/out" },
                        ["TransformResources"] = new JsonObject { ["InstanceType"] = "ml.m5.large", ["InstanceCount"] = 1 },
                    },
                }),
            },
        });

        Assert.Equal("NotImplemented", error.Code);
        Assert.Equal(PackageArn("validated", 1), await CreateVersionAsync("validated"));
    }
}
