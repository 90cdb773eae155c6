using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Bench;

/// <summary>
/// The same signed GetCallerIdentity handed straight to the pipeline, without sockets or Kestrel: time and bytes
/// allocated per call on one thread. Allocation is the figure to watch (an async XmlWriter once cost 64 KB a call).
/// </summary>
public static class InProcessPipelineProbe
{
    public static async Task<string> RunAsync(IServiceProvider services, HttpRequestMessage signed, byte[] body, int calls)
    {
        var pipeline = services.GetRequiredService<AwsRequestPipeline>();
        var headers = signed.Headers.Concat(signed.Content!.Headers).Select(h => (h.Key, string.Join(",", h.Value))).ToArray();

        HttpContext NewContext()
        {
            var http = new DefaultHttpContext();
            http.Request.Method = "POST";
            http.Request.Path = "/";
            http.Request.Host = new HostString(signed.RequestUri!.Authority);
            foreach (var (name, value) in headers)
            {
                http.Request.Headers[name] = value;
            }
            http.Request.ContentLength = body.Length;
            http.Request.Body = new MemoryStream(body);
            http.Response.Body = new MemoryStream();
            return http;
        }

        for (var i = 0; i < calls / 10; i++)
        {
            var warmup = NewContext();
            await pipeline.HandleAsync(warmup);
            if (warmup.Response.StatusCode != 200)
            {
                throw new InvalidOperationException($"In-process GetCallerIdentity answered {warmup.Response.StatusCode}.");
            }
        }
        var contextBytes = GC.GetAllocatedBytesForCurrentThread();
        NewContext();
        contextBytes = GC.GetAllocatedBytesForCurrentThread() - contextBytes;

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            // Synchronous wait keeps every allocation on this thread, where GetAllocatedBytesForCurrentThread sees it.
            pipeline.HandleAsync(NewContext()).GetAwaiter().GetResult();
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - allocated) / calls - contextBytes;
        return string.Create(CultureInfo.InvariantCulture,
            $"in-process pipeline (no sockets), {calls} calls: {elapsed.TotalMicroseconds / calls:0.0} us and {perCall} bytes allocated per call");
    }
}
