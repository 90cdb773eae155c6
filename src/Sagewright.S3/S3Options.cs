namespace Sagewright.S3;

public sealed class S3Options
{
    /// <summary>Where local blobs and S3's SSE-S3 key live (default: &lt;data dir&gt;/s3).</summary>
    public string DataDirectory { get; set; } = Path.Combine("data", "s3");

    /// <summary>The SSE-S3 wrapping key file; replicas sharing storage must share it.</summary>
    public string? SseS3KeyFile { get; set; }

    /// <summary>Smallest size of every part but the last (S3: 5 MiB). Lower only in tests.</summary>
    public long MinPartSize { get; set; } = 5L * 1024 * 1024;

    /// <summary>Multipart uploads not completed or aborted within this time are aborted by the sweeper.</summary>
    public TimeSpan AbandonedUploadAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the sweeper deletes garbage blobs and abandoned uploads.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
