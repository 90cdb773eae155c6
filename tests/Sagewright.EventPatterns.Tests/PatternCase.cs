namespace Sagewright.EventPatterns.Tests;

internal static class PatternCase
{
    public static void AssertMatch(string pattern, string @event, bool expected) =>
        Assert.Equal(expected, EventPattern.Parse(pattern).Matches(@event));
}
