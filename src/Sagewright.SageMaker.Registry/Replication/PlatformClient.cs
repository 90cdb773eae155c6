using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sagewright.Core;
using Sagewright.SigV4;

namespace Sagewright.SageMaker.Registry.Replication;

/// <summary>
/// Calls Sagewright's own SageMaker (JSON) and S3 (REST) APIs over HTTP as an assumed role, signed with SigV4, so
/// the role is authenticated and authorized exactly as any other caller (group policies, bucket policies).
/// </summary>
internal sealed class PlatformClient(HttpClient http, Uri baseAddress, ResolvedCredential credential, string region, TimeProvider time)
{
    public async Task<PlatformResponse> SageMakerAsync(string operation, JsonObject input, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, baseAddress) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
        Signer("sagemaker").Sign(request, time.GetUtcNow(), body);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        if (response.IsSuccessStatusCode)
        {
            return new PlatformResponse((int)response.StatusCode, null, null, json ?? []);
        }
        var code = json?["__type"]?.GetValue<string>() is { } type ? type[(type.LastIndexOf('#') + 1)..] : "UnknownError";
        var message = (json?["message"] ?? json?["Message"])?.GetValue<string>() ?? text;
        return new PlatformResponse((int)response.StatusCode, code, message, null);
    }

    /// <summary>S3 CopyObject (PUT with x-amz-copy-source); the role needs GetObject on the source and PutObject on the destination.</summary>
    public async Task<PlatformResponse> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key, CancellationToken cancellationToken)
    {
        var uri = new Uri(baseAddress, $"/{bucket}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}");
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation("x-amz-copy-source", $"/{sourceBucket}/{Uri.EscapeDataString(sourceKey).Replace("%2F", "/", StringComparison.Ordinal)}");
        Signer("s3").Sign(request, time.GetUtcNow(), []);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var xml = text.Length > 0 ? XElement.Parse(text) : null;
        // S3 may answer 200 with an <Error> body when a copy fails after it started.
        if (response.IsSuccessStatusCode && xml?.Name.LocalName != "Error")
        {
            return new PlatformResponse((int)response.StatusCode, null, null, []);
        }
        var status = response.IsSuccessStatusCode ? 500 : (int)response.StatusCode;
        return new PlatformResponse(status, Element(xml, "Code") ?? "UnknownError", Element(xml, "Message") ?? text, null);
    }

    private SigV4Signer Signer(string service) =>
        new(credential.AccessKeyId, credential.SecretAccessKey, region, service, credential.SessionToken);

    private static string? Element(XElement? xml, string name) =>
        xml?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}

/// <param name="Body">The JSON output on success (empty for S3).</param>
internal sealed record PlatformResponse(int Status, string? ErrorCode, string? ErrorMessage, JsonObject? Body)
{
    public bool Succeeded => ErrorCode is null;

    /// <summary>A 5xx or throttling may pass on another attempt; any other refusal (denied, invalid, missing) will not.</summary>
    public bool Retryable => Status >= 500 || Status == 429 || ErrorCode is "ThrottlingException" or "SlowDown";

    public string Error => $"{ErrorCode}: {ErrorMessage}";
}
