using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Sagewright.SageMaker.Hosting.Artifacts;

namespace Sagewright.SageMaker.Hosting.Tests.Artifacts;

/// <summary>The unpacker on crafted archives: what a model directory may hold, and every way out of it refused.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TarGzUnpackerTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("sw-unpack-").FullName;
    private readonly string _root;

    public TarGzUnpackerTests()
    {
        _root = Path.Combine(_scratch, "model");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static MemoryStream Archive(params TarEntry[] entries)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }
        output.Position = 0;
        return output;
    }

    private static PaxTarEntry File(string name, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = mode };

    private static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    private Task UnpackAsync(Stream archive, long maxBytes = 1 << 20) =>
        TarGzUnpacker.UnpackAsync(archive, new ArtifactTree(_root, maxBytes, 1000), CancellationToken.None);

    [Fact]
    public async Task Unpack_WritesNestedFilesAndDirectories_ReadableByOthers()
    {
        await UnpackAsync(Archive(
            new PaxTarEntry(TarEntryType.Directory, "./code/"),
            File("./model.onnx", "weights"),
            File("code/inference.py", "def model_fn(d): pass"),
            File("code/lib/deep/util.py", "x = 1"),
            File("code/serve", "#!/bin/sh", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute),
            Link(TarEntryType.SymbolicLink, "code/current", "lib/deep"),
            Link(TarEntryType.HardLink, "copy.onnx", "model.onnx")));

        Assert.Equal("weights", System.IO.File.ReadAllText(Path.Combine(_root, "model.onnx")));
        Assert.Equal("x = 1", System.IO.File.ReadAllText(Path.Combine(_root, "code", "lib", "deep", "util.py")));
        Assert.Equal("x = 1", System.IO.File.ReadAllText(Path.Combine(_root, "code", "current", "util.py")));
        Assert.Equal("weights", System.IO.File.ReadAllText(Path.Combine(_root, "copy.onnx")));
        Assert.Equal(ArtifactTree.FilePermissions, System.IO.File.GetUnixFileMode(Path.Combine(_root, "model.onnx")));
        Assert.Equal(ArtifactTree.DirectoryPermissions, System.IO.File.GetUnixFileMode(Path.Combine(_root, "code", "lib")));
        Assert.Equal(ArtifactTree.DirectoryPermissions, System.IO.File.GetUnixFileMode(Path.Combine(_root, "code", "serve")));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("code/../../x")]
    [InlineData("/etc/x")]
    public async Task Unpack_RefusesPathsOutsideTheModelDirectory(string name)
    {
        var refused = await Assert.ThrowsAsync<UnsafeArtifactException>(() => UnpackAsync(Archive(File(name, "escape"))));

        Assert.Contains(name, refused.Message);
        Assert.False(System.IO.File.Exists(Path.Combine(_scratch, "x")));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc")]
    [InlineData("a/../../..")]
    public async Task Unpack_RefusesSymbolicLinksPointingOutside(string target)
    {
        await Assert.ThrowsAsync<UnsafeArtifactException>(() => UnpackAsync(Archive(Link(TarEntryType.SymbolicLink, "escape", target))));
    }

    [Fact]
    public async Task Unpack_RefusesALinkThatEscapesThroughAnotherLink()
    {
        // "here" points at the root; "here/../x" looks inside lexically from "sub" but resolves above the root.
        await Assert.ThrowsAsync<UnsafeArtifactException>(() => UnpackAsync(Archive(
            Link(TarEntryType.SymbolicLink, "here", "."),
            new PaxTarEntry(TarEntryType.Directory, "sub/"),
            Link(TarEntryType.SymbolicLink, "sub/up", "../here/../x"))));
    }

    [Fact]
    public async Task Unpack_RefusesWritingThroughASymbolicLink()
    {
        var refused = await Assert.ThrowsAsync<UnsafeArtifactException>(() => UnpackAsync(Archive(
            Link(TarEntryType.SymbolicLink, "dir", "."),
            File("dir/file", "through a link"))));

        Assert.Contains("through the link", refused.Message);
    }

    [Fact]
    public async Task Unpack_RefusesHardLinksToFilesOutside()
    {
        await Assert.ThrowsAsync<UnsafeArtifactException>(() => UnpackAsync(Archive(Link(TarEntryType.HardLink, "passwd", "../../etc/passwd"))));
        await Assert.ThrowsAsync<UnsafeArtifactException>(() => UnpackAsync(Archive(Link(TarEntryType.HardLink, "passwd", "/etc/passwd"))));
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public async Task Unpack_RefusesDeviceFilesAndFifos(TarEntryType type)
    {
        var refused = await Assert.ThrowsAsync<UnsafeArtifactException>(() => UnpackAsync(Archive(new PaxTarEntry(type, "dev"))));

        Assert.False(System.IO.File.Exists(Path.Combine(_root, "dev")));
        Assert.Contains("\"dev\"", refused.Message);
    }

    [Fact]
    public async Task Unpack_StopsAtTheSizeCap_BeforeWritingItAll()
    {
        var zeros = new PaxTarEntry(TarEntryType.RegularFile, "bomb.bin") { DataStream = new MemoryStream(new byte[4 << 20]) };

        await Assert.ThrowsAsync<ArtifactTooLargeException>(() => UnpackAsync(Archive(zeros), maxBytes: 1 << 20));

        Assert.True(new FileInfo(Path.Combine(_root, "bomb.bin")).Length <= (1 << 20) + 81920);
    }

    [Fact]
    public async Task Unpack_OfSomethingThatIsNotATarGz_IsInvalidData()
    {
        await Assert.ThrowsAnyAsync<InvalidDataException>(() => UnpackAsync(new MemoryStream(Encoding.UTF8.GetBytes("PK\u0003\u0004 a zip file"))));
    }
}
