using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Prometheus;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Events.Targets;
using Sagewright.Events;
using Sagewright.Iam;
using Sagewright.Kms;
using Sagewright.SageMaker.Hosting;
using Sagewright.SageMaker.Registry;
using Sagewright.Protocol;
using Sagewright.Protocol.Pipeline;
using Sagewright.S3;

namespace Sagewright.Hosting;

/// <summary>
/// Builds the Sagewright server. The same builder serves `sagewright serve`, the admin CLI and tests
/// (port 0), so what is tested is what runs.
/// </summary>
public static class SagewrightHost
{
    public static async Task<WebApplication> BuildAsync(ServeOptions options, CancellationToken cancellationToken)
    {
        CreatePrivateDirectory(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder();
        ConfigureLogging(builder, options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Bodies are limited per operation by the pipeline (buffered operations) and streamed otherwise (S3 objects up to 5 GiB).
            kestrel.Limits.MaxRequestBodySize = null;
            // Kestrel's default (240 B/s after 5 s) cuts uploads that pause while the client is busy, e.g. an S3 part
            // streamed on to an external store; S3 itself only drops sockets idle for about 20 s.
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1, gracePeriod: TimeSpan.FromSeconds(20));
            kestrel.AddServerHeader = false;
            var address = IPAddress.Parse(options.Host);
            kestrel.Listen(address, options.Port, l => l.Protocols = HttpProtocols.Http1);
            foreach (var port in options.NamedListeners.Keys)
            {
                kestrel.Listen(address, port, l => l.Protocols = HttpProtocols.Http1);
            }
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var database = await DatabaseFactory.OpenAsync(
            new DatabaseOptions { DataDirectory = options.DataDirectory, PostgresConnectionString = options.PostgresConnectionString },
            cancellationToken);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(options);
        builder.Services.AddSagewrightProtocol(p => p.NamedListeners = options.NamedListeners);
        builder.Services.AddSingleton<IRequestMetrics, PrometheusRequestMetrics>();
        builder.Services.AddIam(iam => iam.CacheTtl = options.IamCacheTtl);
        builder.Services.AddSageMakerRegistry();
        builder.Services.AddSageMakerHosting();
        // A delivery may take as long as the slowest target kind: a command target's own timeout, plus time to kill it.
        builder.Services.AddEvents(e => e.DeliveryTimeout = Max(e.DeliveryTimeout, options.EventCommandTimeout + TimeSpan.FromSeconds(10)));
        builder.Services.AddKms(k => k.MasterKeyFile = Environment.GetEnvironmentVariable("SAGEWRIGHT_KMS_MASTER_KEY_FILE") is { Length: > 0 } file
            ? file
            : Path.Combine(options.DataDirectory, "kms-master.key"));
        if (options.S3Backend is not null)
        {
            options.S3Backend.SpoolDirectory ??= Path.Combine(options.DataDirectory, "s3", "spool");
            builder.Services.AddExternalS3BlobStore(options.S3Backend);
        }
        builder.Services.AddS3(s =>
        {
            s.DataDirectory = Path.Combine(options.DataDirectory, "s3");
            s.SseS3KeyFile = options.SseS3KeyFile;
        });
        builder.Services.AddEventTargets(o => options.EventTargets(o, Path.Combine(options.DataDirectory, "event-connections.key")));
        builder.Services.AddSingleton<FirstStart>();
        builder.Services.AddSingleton<IPlatformEndpoint, KestrelPlatformEndpoint>();

        var app = builder.Build();
        foreach (var task in app.Services.GetServices<IStartupTask>().OrderBy(t => t.Order))
        {
            await task.RunAsync(cancellationToken);
        }
        await app.Services.GetRequiredService<FirstStart>().RunAsync(cancellationToken);

        var metricsToken = MetricsToken.LoadOrCreate(options.DataDirectory);
        app.MapGet("/_sagewright/health", () => Results.Json(new { status = "ok" }));
        app.MapMetrics("/metrics").AddEndpointFilter(async (context, next) =>
            metricsToken.Accepts(context.HttpContext.Request) ? await next(context) : Results.Unauthorized());
        var pipeline = app.Services.GetRequiredService<AwsRequestPipeline>();
        // "{**path}": the default fallback pattern skips file-like paths (keys such as data.csv).
        app.MapFallback("{**path}", pipeline.HandleAsync);
        return app;
    }

    /// <summary>
    /// The data directory holds the database (with secret access keys), key files and object bytes: a new one is
    /// readable by its owner only (0700). An existing one keeps the mode its operator gave it.
    /// </summary>
    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows() || Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, ServeOptions options)
    {
        builder.Logging.ClearProviders();
        if (options.LogFormat == "text")
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ");
        }
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
