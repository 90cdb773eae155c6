using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sagewright.Core;

namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>
/// Makes a container's model data available as a local <c>/opt/ml/model</c> directory: read from Sagewright's object
/// storage as the model's execution role (assumed by <c>sagemaker.amazonaws.com</c>), unpacked once per model version
/// into <c>ROOT/ACCOUNT/MODEL/VERSION-HASH/CONTAINER-INDEX/</c> and reused after. Unpacking happens in a staging
/// directory that is renamed into place when complete, so a crash never leaves a half-filled directory that is later
/// used, and a second process racing for the same version simply finds the rename already done.
/// </summary>
public sealed partial class ModelArtifactCache(IServiceRoleSessions roles, IPlatformEndpoint endpoint, ModelArtifactOptions options, TimeProvider time)
{
    private const string ServicePrincipal = "sagemaker.amazonaws.com";
    private const string StagingDirectory = ".staging";

    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private readonly KeyedGate _gate = new();
    private int _stagingSwept;

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")]
    private static partial Regex ModelNamePattern();

    /// <summary>
    /// The container's model directory, fetched and unpacked on first use. Throws <see cref="ModelArtifactException"/>
    /// with the reason SageMaker would give when the role cannot read the data or the data cannot be unpacked.
    /// </summary>
    public async Task<string> GetModelDirectoryAsync(ModelArtifactRequest request, CancellationToken cancellationToken)
    {
        var directory = ContainerDirectory(request);
        if (Directory.Exists(directory))
        {
            return directory;
        }
        using (await _gate.EnterAsync(directory, cancellationToken))
        {
            if (Directory.Exists(directory))
            {
                return directory;
            }
            SweepAbandonedStaging();
            var staging = NewStagingDirectory();
            try
            {
                await FillAsync(request, staging, cancellationToken);
                PublishAtomically(staging, directory);
            }
            finally
            {
                DeleteQuietly(staging);
            }
            return directory;
        }
    }

    /// <summary>Deletes every cached version of a model (after DeleteModel, or when no endpoint uses it any more).</summary>
    public void RemoveModel(string accountId, string modelName) => Evict(ModelDirectory(accountId, modelName));

    /// <summary>Deletes one cached version of a model, every container of it.</summary>
    public void RemoveVersion(string accountId, string modelName, string versionKey) =>
        Evict(Path.Combine(ModelDirectory(accountId, modelName), VersionSegment(versionKey)));

    private async Task FillAsync(ModelArtifactRequest request, string staging, CancellationToken cancellationToken)
    {
        if (!TrySplitS3Uri(request.Source.S3Uri, out var bucket, out var key) || (key.Length == 0 && request.Source.Kind != ModelDataKind.Prefix))
        {
            throw ArtifactFailures.BadUri(request);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.DownloadTimeout);
        var tree = new ArtifactTree(staging, options.MaxUnpackedBytes, options.MaxEntries);
        try
        {
            var s3 = new PlatformS3Reader(Http, endpoint.BaseAddress, await AssumeRoleAsync(request, timeout.Token), request.Region, time);
            await (request.Source.Kind switch
            {
                ModelDataKind.GzipArchive => UnpackArchiveAsync(s3, bucket, key, tree, timeout.Token),
                ModelDataKind.Object => CopyObjectAsync(s3, bucket, key, key[(key.LastIndexOf('/') + 1)..], tree, timeout.Token),
                _ => CopyPrefixAsync(s3, bucket, key, tree, timeout.Token),
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ArtifactFailures.TimedOut(request, options.DownloadTimeout);
        }
        catch (S3ReadException e)
        {
            throw e.Status switch
            {
                403 => ArtifactFailures.AccessDenied(request, e),
                404 => ArtifactFailures.NotFound(request),
                _ => ArtifactFailures.Unavailable(request, $"the object store answered {e.Message}.", e),
            };
        }
        catch (HttpRequestException e)
        {
            throw ArtifactFailures.Unavailable(request, $"the object store did not answer ({e.Message}).", e);
        }
        catch (InvalidDataException e)
        {
            throw ArtifactFailures.NotAnArchive(request, e);
        }
        catch (UnsafeArtifactException e)
        {
            throw ArtifactFailures.Unsafe(request, e.Message);
        }
        catch (ArtifactTooLargeException e)
        {
            throw ArtifactFailures.TooLarge(request, e.Message);
        }
    }

    private async Task<ResolvedCredential> AssumeRoleAsync(ModelArtifactRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await roles.AssumeRoleAsync(new ServiceRoleRequest(request.ExecutionRoleArn, ServicePrincipal, request.AccountId,
                request.ModelArn, "SageMaker", TimeSpan.FromHours(1)), cancellationToken);
        }
        catch (AwsServiceException e) when (e.StatusCode < 500)
        {
            throw ArtifactFailures.AccessDenied(request, e);
        }
    }

    private static async Task UnpackArchiveAsync(PlatformS3Reader s3, string bucket, string key, ArtifactTree tree, CancellationToken cancellationToken)
    {
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await TarGzUnpacker.UnpackAsync(body, tree, cancellationToken);
    }

    private static async Task CopyObjectAsync(PlatformS3Reader s3, string bucket, string key, string name, ArtifactTree tree, CancellationToken cancellationToken)
    {
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await tree.WriteFileAsync(name, body, executable: false, cancellationToken);
    }

    /// <summary>S3Prefix + None: each object at its key minus the prefix; keys ending in "/" are folder markers.</summary>
    private static async Task CopyPrefixAsync(PlatformS3Reader s3, string bucket, string prefix, ArtifactTree tree, CancellationToken cancellationToken)
    {
        foreach (var (key, _) in await s3.ListAsync(bucket, prefix, cancellationToken))
        {
            var name = key[prefix.Length..];
            if (name.EndsWith('/'))
            {
                tree.CreateDirectory(name);
                continue;
            }
            await CopyObjectAsync(s3, bucket, key, name, tree, cancellationToken);
        }
    }

    private string ContainerDirectory(ModelArtifactRequest request) => Path.Combine(
        ModelDirectory(request.AccountId, request.ModelName), VersionSegment(request.VersionKey),
        request.ContainerIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string ModelDirectory(string accountId, string modelName)
    {
        if (!AccountPattern().IsMatch(accountId) || !ModelNamePattern().IsMatch(modelName))
        {
            throw new ArgumentException($"Not an account id and model name: {accountId}/{modelName}.");
        }
        return Path.Combine(CacheRoot, accountId, modelName);
    }

    private static string VersionSegment(string versionKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(versionKey)))[..32];

    private string CacheRoot => options.CacheRoot.Length > 0
        ? Path.GetFullPath(options.CacheRoot)
        : throw new InvalidOperationException("ModelArtifactOptions.CacheRoot is not set.");

    private string NewStagingDirectory()
    {
        var path = Path.Combine(CacheRoot, StagingDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        ArtifactTree.SetMode(path, ArtifactTree.DirectoryPermissions);
        return path;
    }

    /// <summary>Creates the parents (0755, so the runtime user can reach the model directory) and renames staging into place.</summary>
    private void PublishAtomically(string staging, string directory)
    {
        var parents = new Stack<string>();
        for (var parent = Path.GetDirectoryName(directory)!; !Directory.Exists(parent); parent = Path.GetDirectoryName(parent)!)
        {
            parents.Push(parent);
        }
        foreach (var parent in parents)
        {
            Directory.CreateDirectory(parent);
            ArtifactTree.SetMode(parent, ArtifactTree.DirectoryPermissions);
        }
        try
        {
            Directory.Move(staging, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            // another process published the same version first; its copy is as good as ours
        }
    }

    /// <summary>Renames out of the cache first (atomic), then deletes, so nobody sees a half-deleted version.</summary>
    private void Evict(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        var trash = Path.Combine(CacheRoot, StagingDirectory, Guid.NewGuid().ToString("N") + ".evicted");
        Directory.CreateDirectory(Path.GetDirectoryName(trash)!);
        Directory.Move(directory, trash);
        DeleteQuietly(trash);
    }

    /// <summary>Once per process: removes staging left by a crash, old enough that no live download can own it.</summary>
    private void SweepAbandonedStaging()
    {
        var staging = Path.Combine(CacheRoot, StagingDirectory);
        if (Interlocked.Exchange(ref _stagingSwept, 1) == 1 || !Directory.Exists(staging))
        {
            return;
        }
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromTicks(Math.Max(TimeSpan.FromHours(1).Ticks, options.DownloadTimeout.Ticks * 2));
        foreach (var abandoned in new DirectoryInfo(staging).EnumerateDirectories().Where(d => d.LastWriteTimeUtc < cutoff))
        {
            DeleteQuietly(abandoned.FullName);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // left for the next sweep
        }
        catch (UnauthorizedAccessException)
        {
            // left for the next sweep
        }
    }

    private static bool TrySplitS3Uri(string uri, out string bucket, out string key)
    {
        (bucket, key) = ("", "");
        if (!uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            return false;
        }
        var rest = uri["s3://".Length..];
        var slash = rest.IndexOf('/');
        (bucket, key) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
        return bucket.Length > 0;
    }
}
