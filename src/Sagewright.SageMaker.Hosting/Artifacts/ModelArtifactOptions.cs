namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>Where unpacked model artifacts live and how much one container's artifact may take.</summary>
public sealed class ModelArtifactOptions
{
    /// <summary>
    /// The cache directory: <c>ROOT/ACCOUNT/MODEL/VERSION/CONTAINER-INDEX/</c> is one container's <c>/opt/ml/model</c>,
    /// staging happens in <c>ROOT/.staging</c> (same file system, so the final rename is atomic). Required.
    /// </summary>
    public string CacheRoot { get; set; } = "";

    /// <summary>The most bytes one container's artifact may unpack to (guards against archive bombs). Default 20 GiB.</summary>
    public long MaxUnpackedBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>The most entries (files, directories, links) one archive may hold. Default 1,000,000.</summary>
    public int MaxEntries { get; set; } = 1_000_000;

    /// <summary>How long fetching and unpacking one container's artifact may take (AWS: ModelDataDownloadTimeoutInSeconds). Default 1 hour.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromHours(1);
}
