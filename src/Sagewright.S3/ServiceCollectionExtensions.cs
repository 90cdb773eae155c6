using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3.Blobs;
using Sagewright.S3.Handlers;
using Sagewright.S3.Storage;

namespace Sagewright.S3;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// S3: the operations, a local blob store under <see cref="S3Options.DataDirectory"/> (unless an IBlobStore is
    /// registered first), the sweeper, and S3's tables (migrated by an IStartupTask). SSE-KMS uses the IKmsDataKeys
    /// registered by the KMS module, when there is one.
    /// </summary>
    public static IServiceCollection AddS3(this IServiceCollection services, Action<S3Options>? configure = null)
    {
        var options = new S3Options();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBlobStore>(_ => new LocalBlobStore(options.DataDirectory));
        services.AddSingleton(_ => new SseS3Keys(options.SseS3KeyFile ?? Path.Combine(options.DataDirectory, "sse-s3.key")));
        services.AddSingleton(sp => new S3Handlers(
            sp.GetRequiredService<IDatabase>(),
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<Authorizer>(),
            sp.GetRequiredService<SseS3Keys>(),
            sp.GetService<IKmsDataKeys>(),
            options,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAwsServiceModule, S3Module>();
        services.AddSingleton<IStartupTask, S3Migrations>();
        services.AddHostedService<S3Sweeper>();
        return services;
    }

    /// <summary>
    /// Keeps object bytes in an external S3-compatible store instead of the data directory, so several replicas
    /// share them. Call before <see cref="AddS3"/>.
    /// </summary>
    public static IServiceCollection AddExternalS3BlobStore(this IServiceCollection services, S3BackendOptions backend)
    {
        var store = new ExternalS3BlobStore(backend);
        services.AddSingleton<IBlobStore>(store);
        services.AddSingleton<IStartupTask>(new ExternalS3BucketCheck(store));
        return services;
    }
}

/// <summary>Creates and upgrades S3's tables before the server accepts requests.</summary>
internal sealed class S3Migrations(IDatabase database) : IStartupTask
{
    public int Order => 2;

    public Task RunAsync(CancellationToken cancellationToken) => database.MigrateAsync("s3", S3Schema.Migrations, cancellationToken);
}

/// <summary>Checks the external store's bucket is reachable before the server accepts requests.</summary>
internal sealed class ExternalS3BucketCheck(ExternalS3BlobStore store) : IStartupTask
{
    public int Order => 1;

    public Task RunAsync(CancellationToken cancellationToken) => store.CheckBucketAsync(cancellationToken);
}
