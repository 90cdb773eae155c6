using System.Text;

namespace Sagewright.SigV4;

/// <summary>The CanonicalQueryString line: every name and value in AWS URI encoding, sorted by name then value.</summary>
internal static class CanonicalQueryString
{
    public const string SignatureParameter = "X-Amz-Signature";

    /// <param name="rawQuery">The query as sent, without '?'.</param>
    /// <param name="excludeSignature">Presigned requests sign every parameter except X-Amz-Signature itself.</param>
    public static string For(string rawQuery, bool excludeSignature)
    {
        if (rawQuery.Length == 0)
        {
            return "";
        }

        var parameters = new List<(string Name, string Value)>();
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var parameter = rawQuery.AsSpan(range);
            if (parameter.IsEmpty)
            {
                continue;
            }

            var equals = parameter.IndexOf('=');
            var name = Normalize(equals < 0 ? parameter : parameter[..equals]);
            if (excludeSignature && name == SignatureParameter)
            {
                continue;
            }

            // A parameter without '=' signs as "name=".
            var value = equals < 0 ? "" : Normalize(parameter[(equals + 1)..]);
            parameters.Add((name, value));
        }

        parameters.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        var builder = new StringBuilder(rawQuery.Length + 16);
        foreach (var (name, value) in parameters)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(value);
        }

        return builder.ToString();
    }

    private static string Normalize(ReadOnlySpan<char> raw)
    {
        var builder = new StringBuilder(raw.Length + 8);
        UriEncoding.AppendNormalized(builder, raw, keepSlash: false);
        return builder.ToString();
    }
}
