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

    public PipedRequest(Func<Stream, CancellationToken, Task<TResponse>> send, CancellationToken cancellationToken)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _response = SendAsync(send);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var flush = await _pipe.Writer.WriteAsync(data, cancellationToken);
        if (flush.IsCompleted)
        {
            // The request ended before reading its whole body: surface why.
            await _response;
            throw new IOException("The object store answered before the whole body was sent.");
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
            return await send(_pipe.Reader.AsStream(leaveOpen: true), _cancel.Token);
        }
        finally
        {
            // Unblocks a writer waiting on a full pipe when the request failed early.
            await _pipe.Reader.CompleteAsync();
        }
    }
}
