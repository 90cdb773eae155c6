namespace Sagewright.SigV4;

/// <summary>A raw query string split into percent-decoded name/value pairs, for reading the X-Amz-* parameters.</summary>
internal sealed class QueryParameters
{
    private readonly List<KeyValuePair<string, string>> pairs = [];

    public static QueryParameters Parse(string rawQuery)
    {
        var parameters = new QueryParameters();
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var parameter = rawQuery.AsSpan(range);
            if (parameter.IsEmpty)
            {
                continue;
            }

            var equals = parameter.IndexOf('=');
            var name = UriEncoding.Decode(equals < 0 ? parameter : parameter[..equals]);
            var value = equals < 0 ? "" : UriEncoding.Decode(parameter[(equals + 1)..]);
            parameters.pairs.Add(new(name, value));
        }

        return parameters;
    }

    public bool Contains(string name) => pairs.Exists(pair => pair.Key == name);

    /// <summary>The value of a parameter that must appear at most once; <paramref name="duplicated"/> when it appears more.</summary>
    public string? Single(string name, out bool duplicated)
    {
        string? found = null;
        duplicated = false;
        foreach (var pair in pairs)
        {
            if (pair.Key != name)
            {
                continue;
            }

            duplicated |= found is not null;
            found = pair.Value;
        }

        return found;
    }
}
