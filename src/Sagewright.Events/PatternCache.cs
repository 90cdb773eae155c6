using System.Collections.Concurrent;
using Sagewright.EventPatterns;

namespace Sagewright.Events;

/// <summary>
/// Compiled patterns keyed by their text, so a changed rule (new text) compiles anew and an unchanged one is compiled
/// once per process. Rules are read from the database per routed batch, so every replica sees rule changes at once.
/// </summary>
internal sealed class PatternCache
{
    // Bounded so a flood of distinct patterns cannot grow memory without limit; cleared whole when full (cheap to refill).
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, EventPattern> _patterns = new(StringComparer.Ordinal);

    public EventPattern Get(string pattern)
    {
        if (_patterns.TryGetValue(pattern, out var compiled))
        {
            return compiled;
        }
        if (_patterns.Count >= MaxEntries)
        {
            _patterns.Clear();
        }
        return _patterns.GetOrAdd(pattern, EventPattern.Parse);
    }
}
