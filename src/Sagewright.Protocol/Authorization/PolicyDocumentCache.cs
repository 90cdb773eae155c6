using System.Collections.Concurrent;
using Sagewright.Core;
using Sagewright.Policy;

namespace Sagewright.Protocol.Authorization;

/// <summary>
/// Parsed policies by text: identity policies are read on every request and parsing dominates an
/// authorization check otherwise. Bounded; a full cache is cleared rather than tracked per entry.
/// </summary>
public sealed class PolicyDocumentCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string, PolicyKind, string, string), PolicyDocument> _documents = new();

    public PolicyDocument Get(string json, PolicyKind kind, string sourceId = "", string sourceType = "none")
    {
        var key = (json, kind, sourceId, sourceType);
        if (_documents.TryGetValue(key, out var doc))
        {
            return doc;
        }
        if (_documents.Count >= MaxEntries)
        {
            _documents.Clear();
        }
        return _documents.GetOrAdd(key, k => PolicyDocument.Parse(k.Item1, k.Item2, k.Item3, k.Item4));
    }

    public PolicyDocument Get(PolicyText text, PolicyKind kind) => Get(text.Document, kind, text.SourceId, text.SourceType);
}
