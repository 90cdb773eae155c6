using System.Globalization;
using System.Net;
using System.Text;
using Sagewright.Hosting;
using Sagewright.SigV4;

namespace Sagewright.Bench;

/// <summary>
/// The server's added cost for an authenticated no-op call: STS GetCallerIdentity through the full pipeline
/// (SigV4 verification, credential lookup, routing, query parsing, XML response) against a bare Kestrel
/// endpoint answering the same bytes, both in this process, alternating rounds, at concurrency 1 and 16.
/// The request is signed once and replayed (valid for 15 minutes) so client-side signing costs nothing.
/// Then the pipeline alone, in process (<see cref="InProcessPipelineProbe"/>).
/// </summary>
public static class NoOpCallBenchmark
{
    private const string Body = "Action=GetCallerIdentity&Version=2011-06-15";

    public static async Task<string> RunAsync(TimeSpan roundDuration, int rounds)
    {
        var dataDir = Directory.CreateTempSubdirectory("sagewright-bench-").FullName;
        await using var sagewright = await SagewrightHost.BuildAsync(new ServeOptions { DataDirectory = dataDir, Port = 0, LogFormat = "text" }, CancellationToken.None);
        await sagewright.StartAsync();
        var sagewrightUri = new Uri(sagewright.Urls.First());

        var bareResponse = await FetchReferenceResponseAsync(sagewrightUri, dataDir);
        await using var bare = BareKestrel(bareResponse);
        await bare.StartAsync();
        var bareUri = new Uri(bare.Urls.First());

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false });
        var signed = SignedRequestFactory(sagewrightUri, dataDir);
        Func<HttpRequestMessage> bareRequest = () => new HttpRequestMessage(HttpMethod.Post, bareUri)
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        var loadAtStart = LoadAverage();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Authenticated no-op call (sts:GetCallerIdentity) vs bare Kestrel; {rounds} rounds x {roundDuration.TotalSeconds:0}s each, medians; {Environment.ProcessorCount} cores; client and servers in one process.");
        report.AppendLine("concurrency  bare-kestrel req/s  sagewright req/s  sagewright/bare");
        foreach (var concurrency in new[] { 1, 16 })
        {
            // warm-up
            await LoadGenerator.RequestsPerSecondAsync(client, bareRequest, concurrency, TimeSpan.FromSeconds(1));
            await LoadGenerator.RequestsPerSecondAsync(client, signed, concurrency, TimeSpan.FromSeconds(1));
            var bareRates = new List<double>();
            var swRates = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                bareRates.Add(await LoadGenerator.RequestsPerSecondAsync(client, bareRequest, concurrency, roundDuration));
                swRates.Add(await LoadGenerator.RequestsPerSecondAsync(client, signed, concurrency, roundDuration));
            }
            var bareMedian = LoadGenerator.Median(bareRates);
            var swMedian = LoadGenerator.Median(swRates);
            report.AppendLine(CultureInfo.InvariantCulture, $"{concurrency,11}  {bareMedian,18:0}  {swMedian,16:0}  {swMedian / bareMedian,15:0.00}");
        }
        report.AppendLine(await InProcessPipelineProbe.RunAsync(sagewright.Services, signed(), Encoding.UTF8.GetBytes(Body), 20_000));
        report.AppendLine(CultureInfo.InvariantCulture, $"load average (1/5/15 min) at start: {loadAtStart}; at end: {LoadAverage()}");
        await bare.StopAsync();
        await sagewright.StopAsync();
        return report.ToString();
    }

    internal static Func<HttpRequestMessage> SignedRequestFactory(Uri endpoint, string dataDir)
    {
        var (keyId, secret) = ReadCredentials(dataDir);
        var bodyBytes = Encoding.UTF8.GetBytes(Body);
        var template = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(bodyBytes) };
        template.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        new SigV4Signer(keyId, secret, "us-east-1", "sts").Sign(template, DateTimeOffset.UtcNow, bodyBytes);
        var headers = template.Headers.Select(h => (h.Key, h.Value.ToArray())).ToArray();
        return () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(bodyBytes) };
            request.Content.Headers.ContentType = template.Content.Headers.ContentType;
            foreach (var (name, values) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, values);
            }
            return request;
        };
    }

    private static async Task<byte[]> FetchReferenceResponseAsync(Uri endpoint, string dataDir)
    {
        using var client = new HttpClient();
        using var response = await client.SendAsync(SignedRequestFactory(endpoint, dataDir)());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? bytes
            : throw new InvalidOperationException($"GetCallerIdentity failed: {Encoding.UTF8.GetString(bytes)}");
    }

    private static WebApplication BareKestrel(byte[] response)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/", async context =>
        {
            // Reads the body like the real pipeline must, then answers the same bytes.
            var read = await context.Request.BodyReader.ReadAtLeastAsync(Body.Length);
            context.Request.BodyReader.AdvanceTo(read.Buffer.End);
            context.Response.ContentType = "text/xml";
            await context.Response.Body.WriteAsync(response);
        });
        return app;
    }

    /// <summary>The machine is shared: other work running during a round lowers both rates, so the report says how busy it was.</summary>
    internal static string LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "unknown";

    internal static (string KeyId, string Secret) ReadCredentials(string dataDir)
    {
        var lines = File.ReadAllLines(Path.Combine(dataDir, "credentials"));
        string Value(string key) => lines.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split('=', 2)[1].Trim();
        return (Value("aws_access_key_id"), Value("aws_secret_access_key"));
    }
}
