using System.Text.Json.Nodes;

namespace Sagewright.SageMaker.Registry.Tests;

public class ConcurrentVersionTests : RegistryTestBase
{
    [Fact]
    public async Task CreateModelPackage_TwentyAtOnce_TakeVersionsOneToTwentyExactlyOnce()
    {
        await CreateGroupAsync("race");

        var arns = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => CreateVersionAsync("race"))));

        Assert.Equal(Enumerable.Range(1, 20).Select(v => PackageArn("race", v)).Order(), arns.Order());
        var listed = await SageMakerAsync("ListModelPackages", new JsonObject { ["ModelPackageGroupName"] = "race", ["MaxResults"] = 100 });
        Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v),
            ((JsonArray)listed["ModelPackageSummaryList"]!).Select(p => p!["ModelPackageVersion"]!.GetValue<long>()).Order());
    }
}
