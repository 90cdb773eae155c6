using System.Text;

namespace Sagewright.SigV4;

/// <summary>
/// Where a signed request goes, with its path and query in AWS URI encoding so that what is sent is exactly what was signed
/// (.NET's Uri leaves characters such as '(' or '+' unescaped, which AWS encodes).
/// </summary>
internal sealed record WireTarget(string SchemeAndAuthority, string Host, string Path, string Query)
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public static WireTarget From(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("An absolute URI is required to sign a request.", nameof(uri));
        }

        // The Host header HttpClient sends: punycode name (IdnHost drops an IPv6 address's brackets), port only when not the default.
        var hostName = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        var host = uri.IsDefaultPort ? hostName : $"{hostName}:{uri.Port}";

        var path = new StringBuilder();
        UriEncoding.AppendNormalized(path, uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath, keepSlash: true);
        return new WireTarget($"{uri.Scheme}://{host}", host, path.ToString(), NormalizeQuery(uri.Query.TrimStart('?')));
    }

    /// <summary>The URI to send, built verbatim so HttpClient does not re-canonicalise what was signed.</summary>
    public Uri ToUri(string query) =>
        new(query.Length == 0 ? SchemeAndAuthority + Path : $"{SchemeAndAuthority}{Path}?{query}", Verbatim);

    private static string NormalizeQuery(string rawQuery)
    {
        var builder = new StringBuilder(rawQuery.Length);
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var parameter = rawQuery.AsSpan(range);
            if (parameter.IsEmpty)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            var equals = parameter.IndexOf('=');
            UriEncoding.AppendNormalized(builder, equals < 0 ? parameter : parameter[..equals], keepSlash: false);
            if (equals >= 0)
            {
                builder.Append('=');
                UriEncoding.AppendNormalized(builder, parameter[(equals + 1)..], keepSlash: false);
            }
        }

        return builder.ToString();
    }
}
