namespace Sagewright.Policy;

/// <summary>Glob matching with <c>*</c> (any run) and <c>?</c> (one character).</summary>
internal static class WildcardMatcher
{
    private const int StackLimit = 256;

    public static bool Matches(PatternText pattern, string text, bool ignoreCase) =>
        Matches(pattern, text, ignoreCase, arnSegments: false);

    /// <summary>
    /// Resource-element matching (case-sensitive). In the first five ARN segments a wildcard stays inside its
    /// segment, except a <c>*</c> that ends a segment, which may run past colons; in the resource segment
    /// wildcards match anything. This is the rule of the IAM Resource element documentation.
    /// </summary>
    public static bool MatchesResource(PatternText pattern, string resource) =>
        Matches(pattern, resource, ignoreCase: false, arnSegments: true);

    /// <summary>ArnLike/ArnEquals: each of the six colon-separated segments is matched on its own.</summary>
    public static bool MatchesArnSegments(PatternText pattern, string arn)
    {
        if (!TrySplitArn(pattern.Text, out var patternStarts) || !TrySplitArn(arn, out var arnStarts))
        {
            // Not an ARN on the policy side ("*", "arn:aws:s3:::*" typo...): fall back to a whole-string glob.
            return !TrySplitArn(pattern.Text, out _) && Matches(pattern, arn, ignoreCase: false);
        }

        for (var segment = 0; segment < 6; segment++)
        {
            var patternSegment = Segment(pattern, patternStarts, segment);
            var arnSegment = arn.Substring(arnStarts[segment], SegmentLength(arn, arnStarts, segment));
            if (!Matches(patternSegment, arnSegment, ignoreCase: false))
            {
                return false;
            }
        }

        return true;
    }

    private static PatternText Segment(PatternText pattern, int[] starts, int segment) =>
        pattern.Slice(starts[segment], SegmentLength(pattern.Text, starts, segment));

    private static int SegmentLength(string text, int[] starts, int segment) =>
        (segment == 5 ? text.Length + 1 : starts[segment + 1]) - starts[segment] - 1;

    private static bool TrySplitArn(string text, out int[] starts)
    {
        starts = new int[6];
        var found = 1;
        for (var i = 0; i < text.Length && found < 6; i++)
        {
            if (text[i] == ':')
            {
                starts[found++] = i + 1;
            }
        }

        return found == 6;
    }

    // Row-by-row dynamic programme over (pattern prefix, text prefix): O(|pattern|·|text|), no backtracking blow-up.
    private static bool Matches(PatternText pattern, string text, bool ignoreCase, bool arnSegments)
    {
        var width = text.Length + 1;
        Span<bool> previous = width <= StackLimit ? stackalloc bool[width] : new bool[width];
        Span<bool> current = width <= StackLimit ? stackalloc bool[width] : new bool[width];
        previous[0] = true;
        var colonsSeen = 0;

        for (var p = 0; p < pattern.Length; p++)
        {
            var inBoundedSegment = arnSegments && colonsSeen < 5;
            if (pattern.IsWildcardStar(p))
            {
                var endsSegment = p == pattern.Length - 1 || pattern[p + 1] == ':';
                var crossesColons = !inBoundedSegment || endsSegment;
                current[0] = previous[0];
                for (var t = 1; t < width; t++)
                {
                    current[t] = previous[t] || (current[t - 1] && (crossesColons || text[t - 1] != ':'));
                }
            }
            else if (pattern.IsWildcardQuestion(p))
            {
                current[0] = false;
                for (var t = 1; t < width; t++)
                {
                    current[t] = previous[t - 1] && (!inBoundedSegment || text[t - 1] != ':');
                }
            }
            else
            {
                var expected = pattern[p];
                current[0] = false;
                for (var t = 1; t < width; t++)
                {
                    current[t] = previous[t - 1] && CharsEqual(expected, text[t - 1], ignoreCase);
                }

                if (expected == ':')
                {
                    colonsSeen++;
                }
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[width - 1];
    }

    private static bool CharsEqual(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
