using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Sagewright.Hosting;
using Sagewright.SigV4;

namespace Sagewright.Bench;

/// <summary>
/// S3 PUT and GET through the whole server (SigV4, authorization, metadata commit, blob fsync, encryption):
/// 4 KiB objects as requests/s at concurrency 16, 64 MiB objects as MB/s one at a time, without encryption,
/// with SSE-S3 and with SSE-KMS, next to the raw disk measured in the same run on the same filesystem
/// (64 MiB written with fsync, and read back). Client and server share this process and its cores.
/// Large PUTs are sent with UNSIGNED-PAYLOAD, as SDKs do over TLS, so the client does not hash 64 MiB.
/// </summary>
public static class S3ThroughputBenchmark
{
    private const int SmallSize = 4 * 1024;
    private const int LargeSize = 64 * 1024 * 1024;
    private const string Bucket = "bench";

    public static async Task<string> RunAsync(TimeSpan roundDuration, int rounds, int largeObjects)
    {
        var dataDir = Directory.CreateTempSubdirectory("sagewright-s3-bench-").FullName;
        await using var server = await SagewrightHost.BuildAsync(new ServeOptions { DataDirectory = dataDir, Port = 0, LogFormat = "text" }, CancellationToken.None);
        await server.StartAsync();
        var endpoint = new Uri(server.Urls.First());
        var (keyId, secret) = NoOpCallBenchmark.ReadCredentials(dataDir);
        var signer = new SigV4Signer(keyId, secret, "us-east-1", "s3");
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false }) { Timeout = TimeSpan.FromMinutes(10) };
        var s3 = new S3Requests(client, signer, endpoint);
        await s3.SendAsync(HttpMethod.Put, $"/{Bucket}", null, null);

        var small = new byte[SmallSize];
        var large = new byte[LargeSize];
        Random.Shared.NextBytes(small);
        Random.Shared.NextBytes(large);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"S3 throughput; {rounds} rounds, medians; small: {SmallSize / 1024} KiB x {roundDuration.TotalSeconds:0}s at concurrency 16; large: {largeObjects} x {LargeSize >> 20} MiB one at a time; {Environment.ProcessorCount} cores; client and server in one process.");
        var (diskCopy, cachedRead) = DiskBaseline(dataDir, large, rounds, largeObjects);
        report.AppendLine(CultureInfo.InvariantCulture, $"raw disk copy of 64 MiB (same filesystem, fsync'd): {diskCopy:0} MB/s; page-cache read for reference: {cachedRead:0} MB/s");
        report.AppendLine("encryption  PUT 4KiB req/s  GET 4KiB req/s  PUT 64MiB MB/s (x disk copy)  GET 64MiB MB/s (x disk copy)");
        foreach (var (name, header) in new (string, string?)[] { ("none", null), ("SSE-S3", "AES256"), ("SSE-KMS", "aws:kms") })
        {
            if (!await s3.SupportsAsync(header))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"{name,-10}  not measured: the server refused {header} (is the KMS module registered?)");
                continue;
            }
            var prefix = name.ToLowerInvariant();
            var smallPut = new List<double>();
            var smallGet = new List<double>();
            var largePut = new List<double>();
            var largeGet = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var counter = 0;
                smallPut.Add(await LoadGenerator.RequestsPerSecondAsync(client,
                    () => s3.Signed(HttpMethod.Put, $"/{Bucket}/{prefix}/small/{(Interlocked.Increment(ref counter) - 1) % 2000}", small, header), 16, roundDuration));
                var reads = 0;
                smallGet.Add(await LoadGenerator.RequestsPerSecondAsync(client,
                    () => s3.Signed(HttpMethod.Get, $"/{Bucket}/{prefix}/small/{Interlocked.Increment(ref reads) % Math.Min(counter, 2000)}", null, null), 16, roundDuration));
                largePut.Add(await MegabytesPerSecondAsync(largeObjects, i => s3.SendAsync(HttpMethod.Put, $"/{Bucket}/{prefix}/large/{i}", large, header, unsignedPayload: true)));
                largeGet.Add(await MegabytesPerSecondAsync(largeObjects, i => s3.SendAsync(HttpMethod.Get, $"/{Bucket}/{prefix}/large/{i}", null, null)));
            }
            var (sp, sg, lp, lg) = (LoadGenerator.Median(smallPut), LoadGenerator.Median(smallGet), LoadGenerator.Median(largePut), LoadGenerator.Median(largeGet));
            report.AppendLine(CultureInfo.InvariantCulture, $"{name,-10}  {sp,14:0}  {sg,14:0}  {lp,19:0} ({lp / diskCopy,5:0.00})  {lg,19:0} ({lg / diskCopy,5:0.00})");
        }
        await server.StopAsync();
        Directory.Delete(dataDir, recursive: true);
        return report.ToString();
    }

    private static async Task<double> MegabytesPerSecondAsync(int count, Func<int, Task> transfer)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await transfer(i);
        }
        return count * (double)LargeSize / (1 << 20) / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// What the filesystem does without Sagewright: 64 MiB files copied (read, written in 1 MiB writes, fsync'd), as many
    /// per round as the S3 rounds upload, kept until the end as S3 keeps its objects (new files cost the page cache more
    /// than rewriting freed pages) — the "raw disk copy" both directions are compared with — and a file read back from
    /// the page cache, for reference.
    /// </summary>
    private static (double Copy, double CachedRead) DiskBaseline(string directory, byte[] data, int rounds, int filesPerRound)
    {
        var copies = new List<double>();
        var reads = new List<double>();
        var buffer = new byte[1 << 20];
        var source = Path.Combine(directory, "disk-baseline-source");
        File.WriteAllBytes(source, data);
        var kept = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var file = 0; file < filesPerRound; file++)
            {
                var target = Path.Combine(directory, $"disk-baseline-{round}-{file}");
                kept.Add(target);
                using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 0);
                using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
                int read;
                while ((read = input.Read(buffer)) > 0)
                {
                    output.Write(buffer, 0, read);
                }
                output.Flush(flushToDisk: true);
            }
            copies.Add(filesPerRound * (double)data.Length / (1 << 20) / watch.Elapsed.TotalSeconds);
            watch.Restart();
            using (var file = new FileStream(kept[^1], FileMode.Open, FileAccess.Read, FileShare.Read, 0))
            {
                while (file.Read(buffer) > 0)
                {
                }
            }
            reads.Add(data.Length / (double)(1 << 20) / watch.Elapsed.TotalSeconds);
        }
        foreach (var path in kept.Append(source))
        {
            File.Delete(path);
        }
        return (LoadGenerator.Median(copies), LoadGenerator.Median(reads));
    }

    private sealed class S3Requests(HttpClient client, SigV4Signer signer, Uri endpoint)
    {
        public HttpRequestMessage Signed(HttpMethod method, string path, byte[]? body, string? encryption, bool unsignedPayload = false)
        {
            var request = new HttpRequestMessage(method, new Uri(endpoint, path));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
            }
            if (encryption is not null)
            {
                request.Headers.TryAddWithoutValidation("x-amz-server-side-encryption", encryption);
            }
            signer.Sign(request, DateTimeOffset.UtcNow, unsignedPayload ? null : body ?? []);
            return request;
        }

        public async Task SendAsync(HttpMethod method, string path, byte[]? body, string? encryption, bool unsignedPayload = false)
        {
            using var response = await client.SendAsync(Signed(method, path, body, encryption, unsignedPayload), HttpCompletionOption.ResponseHeadersRead);
            await using var content = await response.Content.ReadAsStreamAsync();
            await content.CopyToAsync(Stream.Null, 1 << 20);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{method} {path} failed with {(int)response.StatusCode}");
            }
        }

        public async Task<bool> SupportsAsync(string? encryption)
        {
            using var response = await client.SendAsync(Signed(HttpMethod.Put, $"/{Bucket}/probe", [1], encryption));
            return response.StatusCode == HttpStatusCode.OK;
        }
    }
}
