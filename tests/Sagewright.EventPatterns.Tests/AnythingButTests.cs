namespace Sagewright.EventPatterns.Tests;

/// <summary>anything-but matches a present value none of its exclusions match; a missing field never matches.</summary>
public sealed class AnythingButTests
{
    [Theory]
    [InlineData("""{"state":[{"anything-but":"initializing"}]}""", """{"state":"running"}""", true)]
    [InlineData("""{"state":[{"anything-but":"initializing"}]}""", """{"state":"initializing"}""", false)]
    [InlineData("""{"state":[{"anything-but":"initializing"}]}""", """{}""", false)]
    [InlineData("""{"state":[{"anything-but":"initializing"}]}""", """{"state":null}""", true)]
    [InlineData("""{"n":[{"anything-but":5}]}""", """{"n":5}""", false)]
    [InlineData("""{"n":[{"anything-but":5}]}""", """{"n":"5"}""", true)]
    [InlineData("""{"state":[{"anything-but":["stopped","overloaded"]}]}""", """{"state":"stopped"}""", false)]
    [InlineData("""{"state":[{"anything-but":["stopped","overloaded"]}]}""", """{"state":"overloaded"}""", false)]
    [InlineData("""{"state":[{"anything-but":["stopped","overloaded"]}]}""", """{"state":"running"}""", true)]
    [InlineData("""{"n":[{"anything-but":[1,2]}]}""", """{"n":3}""", true)]
    [InlineData("""{"state":[{"anything-but":"a"}]}""", """{"state":["a","b"]}""", true)]
    [InlineData("""{"state":[{"anything-but":"a"}]}""", """{"state":["a"]}""", false)]
    public void Matches_AnythingButValues(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);

    [Theory]
    [InlineData("""{"k":[{"anything-but":{"prefix":"init"}}]}""", """{"k":"initializing"}""", false)]
    [InlineData("""{"k":[{"anything-but":{"prefix":"init"}}]}""", """{"k":"running"}""", true)]
    [InlineData("""{"k":[{"anything-but":{"suffix":".tmp"}}]}""", """{"k":"a.tmp"}""", false)]
    [InlineData("""{"k":[{"anything-but":{"suffix":".tmp"}}]}""", """{"k":"a.txt"}""", true)]
    [InlineData("""{"k":[{"anything-but":{"equals-ignore-case":"ALICE"}}]}""", """{"k":"alice"}""", false)]
    [InlineData("""{"k":[{"anything-but":{"equals-ignore-case":["ALICE","BOB"]}}]}""", """{"k":"Bob"}""", false)]
    [InlineData("""{"k":[{"anything-but":{"equals-ignore-case":["ALICE","BOB"]}}]}""", """{"k":"carol"}""", true)]
    [InlineData("""{"k":[{"anything-but":{"wildcard":"*.tmp"}}]}""", """{"k":"x.tmp"}""", false)]
    [InlineData("""{"k":[{"anything-but":{"wildcard":["*.tmp","*.bak"]}}]}""", """{"k":"x.bak"}""", false)]
    [InlineData("""{"k":[{"anything-but":{"wildcard":["*.tmp","*.bak"]}}]}""", """{"k":"x.txt"}""", true)]
    [InlineData("""{"k":[{"anything-but":{"prefix":"init"}}]}""", """{}""", false)]
    public void Matches_AnythingButOperators(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);
}
