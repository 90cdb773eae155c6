namespace Sagewright.Protocol.Routing;

public enum TemplateSegmentKind
{
    Literal,

    /// <summary>{Label}: exactly one non-empty path segment.</summary>
    Label,

    /// <summary>{Label+}: the rest of the path, '/' included; always the last segment.</summary>
    GreedyLabel,
}

public readonly record struct TemplateSegment(TemplateSegmentKind Kind, string Text);

/// <summary>
/// A REST operation's request URI template as botocore models write it: "/{Bucket}/{Key+}?uploads",
/// "/{Bucket}?list-type=2", "/bots/{name}/versions/". The query part lists keys the request must carry
/// (with the value, when one is given).
/// </summary>
public sealed class UriTemplate
{
    private UriTemplate(string text, TemplateSegment[] segments, KeyValuePair<string, string?>[] requiredQuery)
    {
        Text = text;
        Segments = segments;
        RequiredQuery = requiredQuery;
        LiteralSegmentCount = segments.Count(s => s.Kind == TemplateSegmentKind.Literal);
        HasGreedyLabel = segments.Length > 0 && segments[^1].Kind == TemplateSegmentKind.GreedyLabel;
    }

    public string Text { get; }

    /// <summary>Path segments; a trailing '/' of the template is not a segment (paths match with or without it).</summary>
    public IReadOnlyList<TemplateSegment> Segments { get; }

    /// <summary>Query keys the template requires; a null value means the key only has to be present.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> RequiredQuery { get; }

    public int LiteralSegmentCount { get; }
    public bool HasGreedyLabel { get; }

    public static UriTemplate Parse(string template)
    {
        var question = template.IndexOf('?');
        var path = question < 0 ? template : template[..question];
        var query = question < 0 ? "" : template[(question + 1)..];
        if (!path.StartsWith('/'))
        {
            throw new FormatException($"URI template '{template}' does not start with '/'.");
        }

        var rawSegments = path[1..].Split('/');
        var segmentCount = rawSegments[^1].Length == 0 ? rawSegments.Length - 1 : rawSegments.Length;
        var segments = new TemplateSegment[segmentCount];
        for (var i = 0; i < segmentCount; i++)
        {
            segments[i] = ParseSegment(rawSegments[i], template);
            if (segments[i].Kind == TemplateSegmentKind.GreedyLabel && i != segmentCount - 1)
            {
                throw new FormatException($"URI template '{template}' has a greedy label before the last segment.");
            }
        }

        var requiredQuery = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.IndexOf('=') is var eq and >= 0
                ? new KeyValuePair<string, string?>(pair[..eq], pair[(eq + 1)..])
                : new KeyValuePair<string, string?>(pair, null))
            .ToArray();
        return new UriTemplate(template, segments, requiredQuery);
    }

    public bool RequiresQueryKey(string key) => RequiredQuery.Any(q => q.Key == key);

    private static TemplateSegment ParseSegment(string segment, string template)
    {
        if (!segment.StartsWith('{'))
        {
            return segment.Contains('{') || segment.Length == 0
                ? throw new FormatException($"URI template '{template}' has an unsupported segment '{segment}'.")
                : new TemplateSegment(TemplateSegmentKind.Literal, segment);
        }
        if (!segment.EndsWith('}') || segment.Length < 3)
        {
            throw new FormatException($"URI template '{template}' has an unsupported segment '{segment}'.");
        }
        var name = segment[1..^1];
        return name.EndsWith('+')
            ? new TemplateSegment(TemplateSegmentKind.GreedyLabel, name[..^1])
            : new TemplateSegment(TemplateSegmentKind.Label, name);
    }

    public override string ToString() => Text;
}
