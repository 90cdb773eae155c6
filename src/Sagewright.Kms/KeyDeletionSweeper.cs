using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagewright.Data;

namespace Sagewright.Kms;

/// <summary>
/// Removes keys whose scheduled deletion date has passed, with their aliases and tags. Until it runs such keys are
/// already invisible (every query filters them), so the interval only bounds how long their rows linger. Several
/// replicas may sweep at once: the deletes are idempotent.
/// </summary>
internal sealed partial class KeyDeletionSweeper(IDatabase database, KmsOptions options, TimeProvider time, ILogger<KeyDeletionSweeper> logger)
    : BackgroundService
{
    public Task<int> SweepOnceAsync(CancellationToken cancellationToken) =>
        database.WriteAsync(db => KmsStore.PurgeDeletedKeysAsync(db, time.GetUtcNow()), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.DeletionSweepInterval, time);
        do
        {
            try
            {
                var deleted = await SweepOnceAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keep sweeping: the next round retries what this one could not delete.
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} KMS keys whose deletion date had passed")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting KMS keys past their deletion date failed")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
