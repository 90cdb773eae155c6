using System.Xml.Linq;
using Sagewright.Core;
using Sagewright.SigV4;

namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>
/// Reads objects from Sagewright's own S3 API over HTTP (path-style), signed with SigV4 as the model's execution role,
/// so bucket policies, identity policies and KMS decide exactly as they would for any other caller.
/// </summary>
internal sealed class PlatformS3Reader(HttpClient http, Uri baseAddress, ResolvedCredential credential, string region, TimeProvider time)
{
    /// <summary>The object's response, its body not yet read (the caller disposes it); throws <see cref="S3ReadException"/> on refusal.</summary>
    public async Task<HttpResponseMessage> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var response = await SendAsync($"/{bucket}/{Escape(key)}", cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await FailureAsync(response, cancellationToken);
        }
    }

    /// <summary>Every object under the prefix (ListObjectsV2, all pages): key and size.</summary>
    public async Task<List<(string Key, long Size)>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var objects = new List<(string, long)>();
        string? continuation = null;
        do
        {
            var query = $"?list-type=2&prefix={Uri.EscapeDataString(prefix)}"
                + (continuation is null ? "" : $"&continuation-token={Uri.EscapeDataString(continuation)}");
            using var response = await SendAsync($"/{bucket}{query}", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, cancellationToken);
            }
            var xml = XElement.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var item in xml.Elements().Where(e => e.Name.LocalName == "Contents"))
            {
                objects.Add((Child(item, "Key") ?? "", long.Parse(Child(item, "Size") ?? "0", System.Globalization.CultureInfo.InvariantCulture)));
            }
            continuation = Child(xml, "IsTruncated") == "true" ? Child(xml, "NextContinuationToken") : null;
        }
        while (continuation is not null);
        return objects;
    }

    private async Task<HttpResponseMessage> SendAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, pathAndQuery));
        new SigV4Signer(credential.AccessKeyId, credential.SecretAccessKey, region, "s3", credential.SessionToken)
            .Sign(request, time.GetUtcNow(), []);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static async Task<S3ReadException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? code = null;
        try
        {
            code = text.Length > 0 ? Child(XElement.Parse(text), "Code") : null;
        }
        catch (System.Xml.XmlException)
        {
            // not an S3 error document; the status says enough
        }
        return new S3ReadException((int)response.StatusCode, code ?? response.StatusCode.ToString());
    }

    private static string Escape(string key) => Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal);

    private static string? Child(XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}

internal sealed class S3ReadException(int status, string code) : Exception($"{code} ({status})")
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}
