using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sagewright.SigV4;

namespace Sagewright.Bench;

/// <summary>Signed calls to the server in one account (json, query and S3 protocols), for benchmark setup and load.</summary>
internal sealed class AwsCalls(HttpClient client, Uri endpoint, string keyId, string secret, string? sessionToken = null)
{
    private const string Region = "us-east-1";

    /// <summary>A signed json-protocol request that may be sent again as is (SigV4 signatures stay valid for 15 minutes).</summary>
    public Func<HttpRequestMessage> Replayable(string service, string target, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var template = JsonRequest(target, bytes);
        new SigV4Signer(keyId, secret, Region, service, sessionToken).Sign(template, DateTimeOffset.UtcNow, bytes);
        var headers = template.Headers.Where(h => h.Key != "X-Amz-Target").Select(h => (h.Key, h.Value.ToArray())).ToArray();
        return () =>
        {
            var request = JsonRequest(target, bytes);
            foreach (var (name, values) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, values);
            }
            return request;
        };
    }

    public async Task<JsonObject> JsonAsync(string service, string target, JsonObject body)
    {
        using var response = await client.SendAsync(Replayable(service, target, body)());
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text.Length == 0 ? "{}" : text)!.AsObject()
            : throw new InvalidOperationException($"{target} failed: {(int)response.StatusCode} {text}");
    }

    /// <summary>Whether the call succeeded (2xx), without throwing on a 4xx: for polling.</summary>
    public async Task<bool> SucceedsAsync(string service, string target, JsonObject body)
    {
        using var response = await client.SendAsync(Replayable(service, target, body)());
        await response.Content.LoadIntoBufferAsync();
        return response.IsSuccessStatusCode;
    }

    public async Task QueryAsync(string service, string action, string version, params (string Name, string Value)[] parameters)
    {
        var form = string.Join('&', new[] { ("Action", action), ("Version", version) }.Concat(parameters)
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        var bytes = Encoding.UTF8.GetBytes(form);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        new SigV4Signer(keyId, secret, Region, service, sessionToken).Sign(request, DateTimeOffset.UtcNow, bytes);
        await EnsureSuccessAsync(request, action);
    }

    public Task S3Async(HttpMethod method, string path, byte[]? body = null, string? copySource = null)
    {
        var request = new HttpRequestMessage(method, new Uri(endpoint, path)) { Content = body is null ? null : new ByteArrayContent(body) };
        if (copySource is not null)
        {
            request.Headers.TryAddWithoutValidation("x-amz-copy-source", copySource);
        }
        new SigV4Signer(keyId, secret, Region, "s3", sessionToken).Sign(request, DateTimeOffset.UtcNow, body ?? []);
        return EnsureSuccessAsync(request, $"{method} {path}");
    }

    private async Task EnsureSuccessAsync(HttpRequestMessage request, string what)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{what} failed: {(int)response.StatusCode} {text}");
            }
        }
    }

    private HttpRequestMessage JsonRequest(string target, byte[] bytes)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return request;
    }
}
