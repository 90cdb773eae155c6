using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sagewright.Protocol.Pipeline;

/// <summary>
/// The request target exactly as the client sent it. HttpRequest.Path is decoded and dot-segment-normalized,
/// which breaks SigV4 for S3 and S3 keys containing '..', '//' or '%2F'.
/// </summary>
public readonly record struct RawTarget(string Path, string Query)
{
    public static RawTarget Of(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return new RawTarget(context.Request.PathBase + context.Request.Path, context.Request.QueryString.Value?.TrimStart('?') ?? "");
        }
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // absolute-form request target (proxies): keep only path and query
            var uri = new Uri(raw);
            raw = uri.PathAndQuery;
        }
        var q = raw.IndexOf('?');
        return q < 0 ? new RawTarget(raw, "") : new RawTarget(raw[..q], raw[(q + 1)..]);
    }

    /// <summary>Query parameters, percent-decoded, in order ('+' stays '+': SigV4 clients encode spaces as %20).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DecodedQuery()
    {
        if (Query.Length == 0)
        {
            return [];
        }
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            result.Add(new(Uri.UnescapeDataString(key), Uri.UnescapeDataString(value)));
        }
        return result;
    }
}
