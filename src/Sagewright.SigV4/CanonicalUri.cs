using System.Text;

namespace Sagewright.SigV4;

/// <summary>The CanonicalURI line of the canonical request.</summary>
internal static class CanonicalUri
{
    /// <summary>
    /// S3 signs the path exactly as sent. Every other service signs the path with dot segments and empty segments
    /// removed and then URI-encoded a second time (so %20 becomes %2520), which is what botocore and the AWS SDKs compute.
    /// </summary>
    public static string For(string rawPath, bool normalizePath)
    {
        if (rawPath.Length == 0)
        {
            return "/";
        }

        if (!normalizePath || IsAlreadyCanonical(rawPath))
        {
            return rawPath;
        }

        var withoutDotSegments = RemoveDotSegments(rawPath);
        var builder = new StringBuilder(withoutDotSegments.Length + 16);
        UriEncoding.AppendEncoded(builder, withoutDotSegments, keepSlash: true);
        return builder.ToString();
    }

    /// <summary>
    /// Whether normalizing and encoding would give the path back unchanged: only unreserved characters and single slashes,
    /// no "." or ".." segment. True of most API paths ("/", "/2015-03-31/functions"), which then cost no allocation.
    /// </summary>
    private static bool IsAlreadyCanonical(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '/')
            {
                if (i + 1 < path.Length && path[i + 1] == '/')
                {
                    return false;
                }
                continue;
            }
            if (!UriEncoding.IsUnreserved(c))
            {
                return false;
            }
            if (c == '.' && (i == 0 || path[i - 1] == '/'))
            {
                var end = path.IndexOf('/', i);
                var segment = end < 0 ? path.AsSpan(i) : path.AsSpan(i, end - i);
                if (segment is "." or "..")
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>RFC 3986 §5.2.4 plus the removal of empty segments ("//"), as botocore's <c>remove_dot_segments</c>.</summary>
    internal static string RemoveDotSegments(string path)
    {
        var output = new List<string>();
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan(range);
            if (segment.IsEmpty || segment is ".")
            {
                continue;
            }

            if (segment is "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                continue;
            }

            output.Add(segment.ToString());
        }

        var leading = path[0] == '/' ? "/" : "";
        var trailing = path[^1] == '/' && output.Count > 0 ? "/" : "";
        return leading + string.Join('/', output) + trailing;
    }
}
