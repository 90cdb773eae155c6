using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sagewright.Events.Targets.Tests;

internal sealed record CapturedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

/// <summary>
/// A real Kestrel server on loopback that records every request. <c>/status/NNN</c> answers NNN; <c>/slow</c>
/// answers after 3 seconds; anything else answers 200.
/// </summary>
internal sealed class CapturingHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CapturingHttpServer(WebApplication app) => _app = app;

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    public string BaseUrl => _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<CapturingHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new CapturingHttpServer(app);
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            server.Requests.Enqueue(new CapturedRequest(context.Request.Method, context.Request.Path.Value!, context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, DateTimeOffset.UtcNow));
            var path = context.Request.Path.Value!;
            if (path == "/slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
            }
            context.Response.StatusCode = path.StartsWith("/status/", StringComparison.Ordinal) ? int.Parse(path["/status/".Length..]) : 200;
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
