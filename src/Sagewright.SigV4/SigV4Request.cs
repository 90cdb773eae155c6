namespace Sagewright.SigV4;

/// <summary>The parts of an HTTP request that SigV4 signs, exactly as they arrived.</summary>
/// <param name="Method">The HTTP method, e.g. <c>GET</c>.</param>
/// <param name="RawPath">The undecoded path exactly as sent, without the query (the request target, not ASP.NET's decoded Path).</param>
/// <param name="RawQuery">The undecoded query string without the leading '?'; may be empty.</param>
/// <param name="Headers">The request headers as received: any case, a repeated header appears once per value.</param>
public sealed record SigV4Request(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>All values of a header, in the order received (case-insensitive name).</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return header.Value;
            }
        }
    }

    /// <summary>The first value of a header, or null when absent.</summary>
    public string? FirstHeader(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }
}
