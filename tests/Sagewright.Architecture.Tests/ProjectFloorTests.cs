using System.Xml.Linq;

namespace Sagewright.Architecture.Tests;

/// <summary>
/// Floors point down only, and no service module references another (they meet through Core's interfaces
/// or events). A new project must be given a floor here, so the rule cannot be forgotten.
/// </summary>
public class ProjectFloorTests
{
    private static readonly Dictionary<string, int> Floors = new()
    {
        ["Sagewright.Core"] = 0,
        ["Sagewright.Policy"] = 1,
        ["Sagewright.SigV4"] = 1,
        ["Sagewright.Data"] = 1,
        ["Sagewright.Protocol"] = 1,
        ["Sagewright.EventPatterns"] = 1,
        ["Sagewright.Iam"] = 2,
        ["Sagewright.Kms"] = 2,
        ["Sagewright.S3"] = 2,
        ["Sagewright.SageMaker.Registry"] = 2,
        ["Sagewright.Events"] = 2,
        ["Sagewright.Events.Targets"] = 2,
        ["Sagewright.SageMaker.Hosting"] = 2,
        ["Sagewright"] = 3,
    };

    // Floor-1 libraries that Protocol is allowed to build on (it is the pipeline that ties them together).
    private static readonly HashSet<(string, string)> AllowedSameFloor =
    [
        ("Sagewright.Protocol", "Sagewright.Policy"),
        ("Sagewright.Protocol", "Sagewright.SigV4"),
        // IEventPublisher writes in the emitting service's own transaction (a transactional outbox).
        ("Sagewright.Protocol", "Sagewright.Data"),
    ];

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src")))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_HasAFloor_AndReferencesOnlyLowerFloors(string project)
    {
        Assert.True(Floors.TryGetValue(project, out var floor), $"{project} has no floor in ProjectFloorTests.Floors.");
        foreach (var reference in References(project))
        {
            Assert.True(Floors.TryGetValue(reference, out var referencedFloor), $"{project} references {reference}, which has no floor.");
            var allowed = referencedFloor < floor || AllowedSameFloor.Contains((project, reference));
            Assert.True(allowed, $"{project} (floor {floor}) must not reference {reference} (floor {referencedFloor}).");
        }
    }

    [Fact]
    public void PureEngines_ReferenceNothing()
    {
        Assert.Empty(References("Sagewright.Policy"));
        Assert.Empty(References("Sagewright.SigV4"));
        Assert.Empty(References("Sagewright.EventPatterns"));
    }

    private static IEnumerable<string> References(string project)
    {
        var csproj = XDocument.Load(Path.Combine(RepositoryRoot(), "src", project, project + ".csproj"));
        return csproj.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sagewright.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Sagewright.sln not found above the test directory.");
    }
}
