using System.Diagnostics;

namespace Sagewright.Bench;

/// <summary>Closed-loop load: N workers each send the next request as soon as the previous one answered.</summary>
public static class LoadGenerator
{
    public static async Task<double> RequestsPerSecondAsync(HttpClient client, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        long completed = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                using var response = await client.SendAsync(request());
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Benchmark request failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(workers);
        return completed / stop.Elapsed.TotalSeconds;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
