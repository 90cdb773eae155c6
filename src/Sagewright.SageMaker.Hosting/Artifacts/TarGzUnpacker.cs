using System.Formats.Tar;
using System.IO.Compression;

namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>
/// Unpacks a <c>model.tar.gz</c> as it streams in (never the whole archive in memory or on disk) into an
/// <see cref="ArtifactTree"/>, which keeps every entry inside the model directory. Device files and FIFOs are refused.
/// Throws <see cref="InvalidDataException"/> for what is not a tar.gz, <see cref="UnsafeArtifactException"/> and
/// <see cref="ArtifactTooLargeException"/> for what is refused.
/// </summary>
internal static class TarGzUnpacker
{
    public static async Task UnpackAsync(Stream compressed, ArtifactTree tree, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        await using var reader = new TarReader(gzip, leaveOpen: true);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                await WriteAsync(entry, tree, cancellationToken);
            }
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        tree.CheckLinks();
    }

    private static async Task WriteAsync(TarEntry entry, ArtifactTree tree, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await tree.WriteFileAsync(entry.Name, entry.DataStream ?? Stream.Null, ArtifactTree.IsExecutable(entry.Mode), cancellationToken);
                break;
            case TarEntryType.Directory:
                tree.CreateDirectory(entry.Name);
                break;
            case TarEntryType.SymbolicLink:
                tree.CreateSymbolicLink(entry.Name, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                tree.CopyHardLink(entry.Name, entry.LinkName);
                break;
            case TarEntryType.GlobalExtendedAttributes:
                break; // metadata for the entries that follow; nothing to write
            default:
                throw new UnsafeArtifactException($"The entry \"{entry.Name}\" is a {Describe(entry.EntryType)}, which a model directory may not hold.");
        }
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.CharacterDevice => "character device",
        TarEntryType.BlockDevice => "block device",
        TarEntryType.Fifo => "FIFO",
        _ => $"tar entry of type {type}",
    };
}
