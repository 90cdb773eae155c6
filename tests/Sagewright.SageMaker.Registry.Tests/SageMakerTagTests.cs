using System.Text.Json.Nodes;
using Sagewright.Core;

namespace Sagewright.SageMaker.Registry.Tests;

/// <summary>AddTags / ListTags / DeleteTags on registry resources, with AWS's limits and tag condition keys.</summary>
public class SageMakerTagTests : RegistryTestBase
{
    private static JsonArray ManyTags(int count, string prefix = "k") =>
        TagList(Enumerable.Range(0, count).Select(i => ($"{prefix}{i:D2}", "v")).ToArray());

    private async Task<List<(string, string)>> ListAsync(string arn, CallerIdentity? caller = null) =>
        ((JsonArray)(await SageMakerAsync("ListTags", new JsonObject { ["ResourceArn"] = arn }, caller))["Tags"]!)
            .Select(t => (Text(t!["Key"]), Text(t["Value"]))).ToList();

    [Fact]
    public async Task AddTags_ListTags_DeleteTags_OnGroupAndPackage()
    {
        var group = await CreateGroupAsync("g");
        var package = await CreateVersionAsync("g");

        var added = await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("b", "2"), ("a", "1")) });
        await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("a", "changed")) });
        await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = package, ["Tags"] = TagList(("stage", "candidate")) });
        await SageMakerAsync("DeleteTags", new JsonObject { ["ResourceArn"] = group, ["TagKeys"] = new JsonArray("b", "absent") });

        Assert.Equal(2, ((JsonArray)added["Tags"]!).Count);
        Assert.Equal([("a", "changed")], await ListAsync(group));
        Assert.Equal([("stage", "candidate")], await ListAsync(package));
    }

    [Fact]
    public async Task AddTags_ArnWithUpperCaseName_TagsTheSameGroup()
    {
        await CreateGroupAsync("Mixed");

        await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = $"arn:aws:sagemaker:us-east-1:{Account.AccountId}:model-package-group/Mixed", ["Tags"] = TagList(("k", "v")) });

        Assert.Equal([("k", "v")], await ListAsync(GroupArn("mixed")));
    }

    [Fact]
    public async Task TagsGivenAtCreation_AreListed_AndGoWithTheResource()
    {
        await SageMakerAsync("CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "t", ["Tags"] = TagList(("team", "risk")) });
        Assert.Equal([("team", "risk")], await ListAsync(GroupArn("t")));

        await SageMakerAsync("DeleteModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "t" });
        await CreateGroupAsync("t");

        Assert.Empty(await ListAsync(GroupArn("t")));
    }

    [Fact]
    public async Task AddTags_OnMissingResource_ThrowsValidation()
    {
        var error = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = GroupArn("nope"), ["Tags"] = TagList(("k", "v")) });

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal($"Resource {GroupArn("nope")} does not exist.", error.Message);
    }

    [Fact]
    public async Task AddTags_OnResourceTypeNoModuleServes_ThrowsValidation()
    {
        var error = await FailsAsync("ListTags", new JsonObject { ["ResourceArn"] = $"arn:aws:sagemaker:us-east-1:{Account.AccountId}:endpoint/e" });

        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public async Task AddTags_BeyondFiftyOnTheResource_ThrowsValidation_AndKeepsTheOldTags()
    {
        var group = await CreateGroupAsync("g");
        await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = ManyTags(49) });

        var error = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("x", "1"), ("y", "2")) });
        await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("k00", "replaced"), ("x", "1")) });

        Assert.Equal("A resource can have at most 50 tags.", error.Message);
        Assert.Equal(50, (await ListAsync(group)).Count);
    }

    [Fact]
    public async Task AddTags_AwsPrefix_OrDuplicateKeys_ThrowValidation()
    {
        var group = await CreateGroupAsync("g");

        var reserved = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("AWS:owner", "x")) });
        var duplicate = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("k", "1"), ("k", "2")) });
        var onCreate = await FailsAsync("CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "h", ["Tags"] = TagList(("aws:x", "1")) });

        Assert.Equal("Tag key AWS:owner is invalid: keys that begin with aws: are reserved for AWS use.", reserved.Message);
        Assert.Equal("Duplicate tag key: k. Tag keys must be unique.", duplicate.Message);
        Assert.Equal("ValidationException", onCreate.Code);
        await FailsAsync("DescribeModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = "h" });
    }

    [Fact]
    public async Task AddTags_TooLongKeyOrTooManyInOneRequest_FailModelValidation()
    {
        var group = await CreateGroupAsync("g");

        var longKey = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList((new string('k', 129), "v")) });
        var tooMany = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = ManyTags(51) });

        Assert.Equal("ValidationException", longKey.Code);
        Assert.Equal("ValidationException", tooMany.Code);
    }

    [Fact]
    public async Task ListTags_Pages_WithMaxResultsAndNextToken()
    {
        var group = await CreateGroupAsync("g");
        await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = ManyTags(50) });
        await SageMakerAsync("DeleteTags", new JsonObject { ["ResourceArn"] = group, ["TagKeys"] = new JsonArray("k49") });
        await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("a", "first")) });

        var first = await SageMakerAsync("ListTags", new JsonObject { ["ResourceArn"] = group, ["MaxResults"] = 50 });

        Assert.Equal(50, ((JsonArray)first["Tags"]!).Count);
        Assert.Null(first["NextToken"]);
        Assert.Equal("a", Text(first["Tags"]![0]!["Key"]));
    }

    [Fact]
    public async Task TagOperations_OnAnotherAccountsResource_AreDenied()
    {
        var group = await CreateGroupAsync("g");
        var other = await Host.NewAccountAsync();

        var add = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("k", "v")) }, other.Root);
        var list = await FailsAsync("ListTags", new JsonObject { ["ResourceArn"] = group }, other.Root);

        Assert.Equal("AccessDeniedException", add.Code);
        Assert.Equal("AccessDeniedException", list.Code);
    }

    [Fact]
    public async Task AddTags_RequestTagConditions_AreEvaluated()
    {
        var group = await CreateGroupAsync("g");
        var policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"sagemaker:AddTags","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"risk"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}},
              {"Effect":"Allow","Action":"sagemaker:DeleteTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}
            """;
        var user = await Host.NewUserAsync(Account, "tagger", policy);

        await SageMakerAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("team", "risk")) }, user);
        var wrongValue = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("team", "ops")) }, user);
        var extraKey = await FailsAsync("AddTags", new JsonObject { ["ResourceArn"] = group, ["Tags"] = TagList(("team", "risk"), ("cost", "1")) }, user);
        var deleteOther = await FailsAsync("DeleteTags", new JsonObject { ["ResourceArn"] = group, ["TagKeys"] = new JsonArray("cost") }, user);
        await SageMakerAsync("DeleteTags", new JsonObject { ["ResourceArn"] = group, ["TagKeys"] = new JsonArray("team") }, user);

        Assert.All([wrongValue, extraKey, deleteOther], e => Assert.Equal("AccessDeniedException", e.Code));
        Assert.Empty(await ListAsync(group));
    }
}
