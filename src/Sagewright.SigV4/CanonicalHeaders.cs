using System.Text;

namespace Sagewright.SigV4;

/// <summary>The CanonicalHeaders block: one <c>name:value\n</c> line per signed header, in SignedHeaders order.</summary>
internal static class CanonicalHeaders
{
    /// <summary>Repeated headers join with ','; each value is trimmed and runs of whitespace collapse to one space.</summary>
    public static void Append(StringBuilder builder, SigV4Request request, IReadOnlyList<string> signedHeaders)
    {
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':');
            var first = true;
            foreach (var value in request.HeaderValues(name))
            {
                if (!first)
                {
                    builder.Append(',');
                }

                AppendTrimmed(builder, value);
                first = false;
            }

            builder.Append('\n');
        }
    }

    internal static void AppendTrimmed(StringBuilder builder, ReadOnlySpan<char> value)
    {
        var pendingSpace = false;
        var wroteAny = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = wroteAny;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
            wroteAny = true;
        }
    }
}
