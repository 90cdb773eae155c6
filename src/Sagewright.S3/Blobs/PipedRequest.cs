using System.IO.Pipelines;

namespace Sagewright.S3.Blobs;

/// <summary>
/// A request to the object store whose body is written while it is in flight: the SDK reads the body from a pipe
/// that <see cref="WriteAsync"/> fills, so no more than the pipe's 1 MiB window is held in memory.
/// </summary>
internal sealed class PipedRequest<TResponse> : IAsyncDisposable
{
    private static readonly PipeOptions Window = new(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);

    private readonly Pipe _pipe = new(Window);
    private readonly CancellationTokenSource _cancel;
    private readonly Task<TResponse> _response;
    private CountingStream? _body;
    private long _written;

    public PipedRequest(Func<Stream, CancellationToken, Task<TResponse>> send, CancellationToken cancellationToken)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _response = SendAsync(send);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _written += data.Length;
        var flush = await _pipe.Writer.WriteAsync(data, cancellationToken);
        if (flush.IsCompleted)
        {
            // The request ended before reading its whole body: surface why.
            var response = await _response;
            throw new IOException($"The object store answered before the whole body was sent (DIAG read={_body?.BytesRead} reads={_body?.Reads} zeroReads={_body?.ZeroReads} lastZeroAsk={_body?.LastZeroAsk} closed={_body?.Closed} written={_written} response={System.Text.Json.JsonSerializer.Serialize(response)}).");
        }
    }

    /// <summary>Ends the body and waits for the store's answer.</summary>
    public async Task<TResponse> CompleteAsync()
    {
        await _pipe.Writer.CompleteAsync();
        return await _response;
    }

    /// <summary>Cancels the request mid-body, so the store never stores it; safe after <see cref="CompleteAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_response.IsCompleted)
        {
            await _cancel.CancelAsync();
            await _pipe.Writer.CompleteAsync(new OperationCanceledException("The blob write was abandoned."));
        }
        // Abandoning the request is the point here: its failure is the expected outcome, not an error.
        await ((Task)_response).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _cancel.Dispose();
    }

    private async Task<TResponse> SendAsync(Func<Stream, CancellationToken, Task<TResponse>> send)
    {
        // Return to the caller before the SDK does any synchronous work on this thread.
        await Task.Yield();
        try
        {
            _body = new CountingStream(_pipe.Reader.AsStream(leaveOpen: true));
            return await send(_body, _cancel.Token);
        }
        finally
        {
            // Unblocks a writer waiting on a full pipe when the request failed early.
            await _pipe.Reader.CompleteAsync();
        }
    }
}

internal sealed class CountingStream(Stream inner) : Stream
{
    public long BytesRead; public int Reads; public int ZeroReads;
    public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); Count(n, count); return n; }
    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) { var n = await inner.ReadAsync(buffer.AsMemory(offset, count), ct); Count(n, count); return n; }
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) { var n = await inner.ReadAsync(buffer, ct); Count(n, buffer.Length); return n; }
    private void Count(int n, int asked) { Reads++; BytesRead += n; if (n == 0) { ZeroReads++; LastZeroAsk = asked; } }
    public int LastZeroAsk; public bool Closed; protected override void Dispose(bool disposing) { Closed = true; base.Dispose(disposing); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
