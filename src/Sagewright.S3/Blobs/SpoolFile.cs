namespace Sagewright.S3.Blobs;

/// <summary>
/// A private temporary file that holds bytes on their way to the external store. It is deleted when closed, and by
/// the OS if the process dies, so nothing accumulates. Sending from a seekable file (rather than streaming the
/// client's upload straight through) lets the AWS SDK sign, length and retry the request normally.
/// </summary>
internal sealed class SpoolFile : IAsyncDisposable
{
    private readonly FileStream _file;

    public SpoolFile(string? directory)
    {
        directory ??= Path.GetTempPath();
        Directory.CreateDirectory(directory);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        _file = new FileStream(Path.Combine(directory, $"spool-{Guid.NewGuid():N}"), options);
    }

    public long Length => _file.Length;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => _file.WriteAsync(data, cancellationToken);

    /// <summary>The spooled bytes from the start, as a stream the SDK may read, rewind and read again; disposing it keeps the file.</summary>
    public Stream OpenForSending()
    {
        _file.Position = 0;
        return new RewindableView(_file);
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    /// <summary>The file without ownership: the SDK disposes request streams, which must not delete the spool before a retry.</summary>
    private sealed class RewindableView(FileStream file) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => file.Length;
        public override long Position { get => file.Position; set => file.Position = value; }
        public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => file.Read(buffer);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            file.ReadAsync(buffer, offset, count, cancellationToken);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            file.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
