using System.Diagnostics;
using System.Security.Cryptography;

namespace Sagewright.SigV4;

/// <summary>
/// Passes a body through while hashing it; at the end of the body throws XAmzContentSHA256Mismatch (400) when the SHA-256
/// differs from the x-amz-content-sha256 the client signed. Data is unverified until Read returns 0.
/// </summary>
public sealed class Sha256VerifyingStream : Stream
{
    private readonly Stream inner;
    private readonly byte[] expectedHash;
    private readonly bool leaveOpen;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long position;
    private bool verified;
    private bool disposed;

    /// <param name="expectedHexSha256">64 hex characters, either case.</param>
    public Sha256VerifyingStream(Stream inner, string expectedHexSha256, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!SigV4Constants.IsHexSha256(expectedHexSha256))
        {
            throw new ArgumentException("Expected a hex SHA-256 digest.", nameof(expectedHexSha256));
        }

        this.inner = inner;
        this.leaveOpen = leaveOpen;
        expectedHash = Convert.FromHexString(expectedHexSha256);
    }

    public override bool CanRead => !disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>Bytes returned so far.</summary>
    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var read = inner.Read(buffer);
        return Account(buffer[..read], endOfBody: read == 0 && !buffer.IsEmpty);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Account(buffer.Span[..read], endOfBody: read == 0 && !buffer.IsEmpty);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            hash.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data, bool endOfBody)
    {
        if (!endOfBody)
        {
            hash.AppendData(data);
            position += data.Length;
            return data.Length;
        }

        if (!verified)
        {
            Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
            hash.GetHashAndReset(actual);
            if (!CryptographicOperations.FixedTimeEquals(actual, expectedHash))
            {
                throw new SigV4Exception(
                    "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
            }

            verified = true;
        }

        Debug.Assert(data.IsEmpty, "end of body carries no data");
        return 0;
    }
}
