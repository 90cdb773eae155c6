using Microsoft.Win32.SafeHandles;

namespace Sagewright.S3.Blobs;

/// <summary>
/// Blobs as files under <c>{root}/blobs/ab/cd/{id}</c>. A write goes to <c>{root}/tmp</c>, is fsync'd, renamed
/// into place and the directory fsync'd, so a committed blob survives a crash and a half-written one is never
/// under its final name. Readers keep reading a blob that is deleted meanwhile (POSIX unlink).
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    private readonly string _blobs;
    private readonly string _temp;

    public LocalBlobStore(string root)
    {
        _blobs = Path.Combine(root, "blobs");
        _temp = Path.Combine(root, "tmp");
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_temp);
        // Anything left in tmp was never committed (the process died mid-write).
        foreach (var leftover in Directory.EnumerateFiles(_temp))
        {
            File.Delete(leftover);
        }
    }

    public ValueTask<BlobWriter> CreateAsync(string blobId, long length, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_temp, blobId);
        var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, length);
        return ValueTask.FromResult<BlobWriter>(new LocalBlobWriter(handle, temp, FinalPath(blobId, create: true)));
    }

    public ValueTask<Stream> OpenReadAsync(string blobId, long offset, long length, CancellationToken cancellationToken)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(FinalPath(blobId, create: false), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(blobId);
        }
        return ValueTask.FromResult<Stream>(new FileRangeStream(handle, offset, length));
    }

    public ValueTask DeleteAsync(string blobId, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(FinalPath(blobId, create: false));
        }
        catch (DirectoryNotFoundException)
        {
            // Never written (marked as garbage before its write failed): nothing to delete.
        }
        return ValueTask.CompletedTask;
    }

    private string FinalPath(string blobId, bool create)
    {
        var directory = Path.Combine(_blobs, blobId[..2], blobId[2..4]);
        if (create)
        {
            Directory.CreateDirectory(directory);
        }
        return Path.Combine(directory, blobId);
    }

    private sealed class LocalBlobWriter(SafeFileHandle handle, string temp, string final) : BlobWriter
    {
        private long _position;
        private bool _committed;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await RandomAccess.WriteAsync(handle, data, _position, cancellationToken);
            _position += data.Length;
        }

        public override Task CommitAsync(CancellationToken cancellationToken)
        {
            RandomAccess.FlushToDisk(handle);
            handle.Dispose();
            File.Move(temp, final);
            SyncDirectory(Path.GetDirectoryName(final)!);
            _committed = true;
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                handle.Dispose();
                File.Delete(temp);
            }
            return ValueTask.CompletedTask;
        }

        // The rename is durable only once the directory entry is: fsync the directory.
        private static void SyncDirectory(string directory)
        {
            if (!OperatingSystem.IsWindows())
            {
                DirectorySync.Fsync(directory);
            }
        }
    }
}
