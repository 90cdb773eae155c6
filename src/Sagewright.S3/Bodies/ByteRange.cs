using System.Globalization;

namespace Sagewright.S3.Bodies;

/// <summary>A single HTTP byte range (bytes=a-b, bytes=a-, bytes=-n). S3 ignores multi-range and malformed headers.</summary>
internal readonly record struct ByteRange(long? First, long? Last)
{
    public static ByteRange? Parse(string header)
    {
        var text = header.Trim();
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || text.Contains(','))
        {
            return null;
        }
        var spec = text[6..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return null;
        }
        long? first = null, last = null;
        if (dash > 0)
        {
            if (!long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var f))
            {
                return null;
            }
            first = f;
        }
        if (dash < spec.Length - 1)
        {
            if (!long.TryParse(spec[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            {
                return null;
            }
            last = l;
        }
        if (first is null && last is null || first > last)
        {
            return null;
        }
        return new ByteRange(first, last);
    }

    /// <summary>Offset and length within an object of <paramref name="size"/> bytes, or null when unsatisfiable (416).</summary>
    public (long Offset, long Length)? Resolve(long size)
    {
        if (First is { } first)
        {
            if (first >= size)
            {
                return null;
            }
            var last = Math.Min(Last ?? size - 1, size - 1);
            return (first, last - first + 1);
        }
        var suffix = Math.Min(Last!.Value, size);
        return suffix == 0 ? null : (size - suffix, suffix);
    }
}
