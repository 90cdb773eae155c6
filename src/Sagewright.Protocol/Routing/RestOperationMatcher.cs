using Microsoft.AspNetCore.Http;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Routing;

public sealed record RestMatch(OperationModel Operation, IReadOnlyDictionary<string, string> UriLabels);

/// <summary>
/// Finds the REST operation a request is for from method, raw path and query, by the operations' URI
/// templates. Templates are indexed in a segment trie, so a request walks its own path (a literal lookup and
/// a label branch per segment) instead of testing every template. Among templates that match, the most
/// specific wins: more literal segments, then a non-greedy label over a greedy one, then more template query
/// keys (ListObjectsV2's ?list-type=2 over ListObjects), then the required query/header members the request
/// carries (S3 tells ListParts from GetObject by ?uploadId and CopyObject from PutObject by
/// x-amz-copy-source), then non-deprecated operations, then the operation name.
/// </summary>
public sealed class RestOperationMatcher
{
    private readonly TrieNode _root = new();

    public RestOperationMatcher(IEnumerable<ServiceModel> services)
    {
        foreach (var operation in services.SelectMany(s => s.Operations.Values))
        {
            var route = new Route(operation, UriTemplate.Parse(operation.RequestUri));
            var node = _root;
            foreach (var segment in route.Template.Segments)
            {
                switch (segment.Kind)
                {
                    case TemplateSegmentKind.Literal:
                        node.Literals ??= new Dictionary<string, TrieNode>(StringComparer.Ordinal);
                        node = node.Literals.TryGetValue(segment.Text, out var child) ? child : node.Literals[segment.Text] = new TrieNode();
                        break;
                    case TemplateSegmentKind.Label:
                        node = node.Label ??= new TrieNode();
                        break;
                    case TemplateSegmentKind.GreedyLabel:
                        (node.GreedyRoutes ??= []).Add(route);
                        break;
                }
            }
            if (!route.Template.HasGreedyLabel)
            {
                (node.Routes ??= []).Add(route);
            }
        }
    }

    public RestMatch? Match(string method, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query) =>
        Match(method, rawPath, query, headers: null);

    /// <param name="rawPath">The path as sent, still percent-encoded, without the query.</param>
    /// <param name="query">Query parameters, percent-decoded.</param>
    /// <param name="headers">Request headers; without them, operations told apart by a required header
    /// (CopyObject, UploadPartCopy) lose to the ones that need none.</param>
    public RestMatch? Match(string method, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query, IHeaderDictionary? headers)
    {
        var path = PathSegments.Split(rawPath);
        var request = new Request(method, path, query, headers);
        Candidate? best = null;
        Visit(_root, 0, request, ref best);
        return best is { } winner ? new RestMatch(winner.Route.Operation, ExtractLabels(winner.Route.Template, path)) : null;
    }

    private static void Visit(TrieNode node, int index, Request request, ref Candidate? best)
    {
        var segments = request.Path.Segments;
        if (node.GreedyRoutes is not null && index < segments.Count)
        {
            Consider(node.GreedyRoutes, request, ref best);
        }
        if (index == segments.Count)
        {
            if (node.Routes is not null)
            {
                Consider(node.Routes, request, ref best);
            }
            return;
        }
        var segment = request.Path.Raw.AsSpan(segments[index]);
        if (node.Literals is not null && FindLiteral(node.Literals, segment) is { } literal)
        {
            Visit(literal, index + 1, request, ref best);
        }
        if (node.Label is not null && !segment.IsEmpty)
        {
            Visit(node.Label, index + 1, request, ref best);
        }
    }

    // Literal segments arrive as the template spells them ("$LATEST"), but an SDK may percent-encode them ("%24LATEST").
    private static TrieNode? FindLiteral(Dictionary<string, TrieNode> literals, ReadOnlySpan<char> segment) =>
        literals.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(segment, out var node) ? node
        : segment.Contains('%') && literals.TryGetValue(Uri.UnescapeDataString(segment.ToString()), out node) ? node
        : null;

    private static void Consider(List<Route> routes, Request request, ref Candidate? best)
    {
        foreach (var route in routes)
        {
            if (!string.Equals(route.Operation.HttpMethod, request.Method, StringComparison.OrdinalIgnoreCase)
                || !HasTemplateQuery(route.Template, request.Query))
            {
                continue;
            }
            var candidate = new Candidate(route, CountPresentMembers(route, request, out var missing), missing);
            if (best is null || candidate.IsMoreSpecificThan(best.Value))
            {
                best = candidate;
            }
        }
    }

    private static bool HasTemplateQuery(UriTemplate template, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        foreach (var (key, value) in template.RequiredQuery)
        {
            if (!query.Any(q => q.Key == key && (value is null || q.Value == value)))
            {
                return false;
            }
        }
        return true;
    }

    private static int CountPresentMembers(Route route, Request request, out int missing)
    {
        var present = 0;
        missing = 0;
        foreach (var key in route.RequiredQueryMembers)
        {
            if (request.Query.Any(q => q.Key == key)) { present++; } else { missing++; }
        }
        foreach (var name in route.RequiredHeaderMembers)
        {
            if (request.Headers?.ContainsKey(name) == true) { present++; } else { missing++; }
        }
        return present;
    }

    private static Dictionary<string, string> ExtractLabels(UriTemplate template, PathSegments path)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < template.Segments.Count; i++)
        {
            var segment = template.Segments[i];
            if (segment.Kind == TemplateSegmentKind.Label)
            {
                labels[segment.Text] = Uri.UnescapeDataString(path.Raw[path.Segments[i]]);
            }
            else if (segment.Kind == TemplateSegmentKind.GreedyLabel)
            {
                // Everything after the label's start, '/'s and a trailing '/' included (S3 key "dir/").
                labels[segment.Text] = Uri.UnescapeDataString(path.Raw[path.Segments[i].Start..]);
            }
        }
        return labels;
    }

    private sealed class TrieNode
    {
        public Dictionary<string, TrieNode>? Literals;
        public TrieNode? Label;
        public List<Route>? Routes;
        public List<Route>? GreedyRoutes;
    }

    private sealed class Route
    {
        public Route(OperationModel operation, UriTemplate template)
        {
            Operation = operation;
            Template = template;
            var required = operation.Input?.Members.Where(m => operation.Input.Required.Contains(m.Name)).ToArray() ?? [];
            RequiredQueryMembers = required.Where(m => m.Location == "querystring" && m.LocationName is not null && !template.RequiresQueryKey(m.LocationName))
                .Select(m => m.LocationName!).ToArray();
            RequiredHeaderMembers = required.Where(m => m.Location == "header").Select(m => m.LocationName ?? m.Name).ToArray();
            Deprecated = operation.Deprecated;
        }

        public OperationModel Operation { get; }
        public UriTemplate Template { get; }
        public string[] RequiredQueryMembers { get; }
        public string[] RequiredHeaderMembers { get; }
        public bool Deprecated { get; }
    }

    private readonly record struct Request(string Method, PathSegments Path, IReadOnlyList<KeyValuePair<string, string>> Query, IHeaderDictionary? Headers);

    private readonly record struct Candidate(Route Route, int PresentMembers, int MissingMembers)
    {
        public bool IsMoreSpecificThan(Candidate other)
        {
            var (mine, theirs) = (Route.Template, other.Route.Template);
            var comparison = mine.LiteralSegmentCount.CompareTo(theirs.LiteralSegmentCount);
            if (comparison == 0) { comparison = theirs.HasGreedyLabel.CompareTo(mine.HasGreedyLabel); }
            if (comparison == 0) { comparison = mine.RequiredQuery.Count.CompareTo(theirs.RequiredQuery.Count); }
            if (comparison == 0) { comparison = other.MissingMembers.CompareTo(MissingMembers); }
            if (comparison == 0) { comparison = PresentMembers.CompareTo(other.PresentMembers); }
            if (comparison == 0) { comparison = other.Route.Deprecated.CompareTo(Route.Deprecated); }
            if (comparison == 0) { comparison = string.CompareOrdinal(other.Route.Operation.Name, Route.Operation.Name); }
            return comparison > 0;
        }
    }
}

/// <summary>
/// The segments of a raw request path as ranges into it. A trailing '/' ends the last segment instead of
/// starting an empty one ("/bucket/" is the bucket); inner empty segments stay ("/bucket//k" has key "/k").
/// </summary>
internal readonly record struct PathSegments(string Raw, List<Range> Segments)
{
    public static PathSegments Split(string rawPath)
    {
        var segments = new List<Range>(4);
        var start = rawPath.StartsWith('/') ? 1 : 0;
        var end = rawPath.Length > start && rawPath[^1] == '/' ? rawPath.Length - 1 : rawPath.Length;
        if (end > start)
        {
            while (rawPath.IndexOf('/', start, end - start) is var slash and >= 0)
            {
                segments.Add(start..slash);
                start = slash + 1;
            }
            segments.Add(start..end);
        }
        return new PathSegments(rawPath, segments);
    }
}
