namespace Sagewright.SigV4;

/// <summary>The SignedHeaders value: lowercase header names separated by ';'.</summary>
internal static class SignedHeaderList
{
    public static IReadOnlyList<string>? TryParse(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        var names = value.Split(';');
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0 || names[i].AsSpan().ContainsAny(" \t,="))
            {
                return null;
            }

            names[i] = names[i].ToLowerInvariant();
        }

        return names;
    }
}
