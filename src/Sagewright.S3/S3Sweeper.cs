using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagewright.Data;
using Sagewright.S3.Blobs;
using Sagewright.S3.Storage;

namespace Sagewright.S3;

/// <summary>
/// Deletes blobs nothing references any more (overwritten or deleted objects after a grace period, parts of
/// aborted uploads, writes that were never acknowledged) and aborts multipart uploads older than
/// <see cref="S3Options.AbandonedUploadAge"/>. Safe to run in several replicas at once: every step is idempotent.
/// </summary>
internal sealed partial class S3Sweeper(IDatabase database, IBlobStore blobs, S3Options options, TimeProvider time, ILogger<S3Sweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSweepFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // The host is stopping (or being disposed): nothing is half-done, the next start sweeps again.
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var abandoned = await database.ReadAsync(db => S3Store.UploadsInitiatedBeforeAsync(db, now - options.AbandonedUploadAge, 100), cancellationToken);
        foreach (var upload in abandoned)
        {
            await database.WriteAsync(async db =>
            {
                await S3Store.RemoveUploadAsync(db, upload.UploadId, new HashSet<string>(), now);
                return true;
            }, cancellationToken);
            LogAbortedUpload(logger, upload.UploadId, upload.Bucket, upload.Key, upload.Initiated);
        }
        while (true)
        {
            var due = await database.ReadAsync(db => S3Store.DueGarbageAsync(db, now, 500), cancellationToken);
            foreach (var blob in due)
            {
                await blobs.DeleteAsync(blob, cancellationToken);
                await database.WriteAsync(async db =>
                {
                    await S3Store.ForgetGarbageAsync(db, blob);
                    return true;
                }, cancellationToken);
            }
            if (due.Count < 500)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Aborted multipart upload {UploadId} of {Bucket}/{Key}, initiated {Initiated} and never completed")]
    private static partial void LogAbortedUpload(ILogger logger, string uploadId, string bucket, string key, DateTimeOffset initiated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 sweep failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception e);
}
