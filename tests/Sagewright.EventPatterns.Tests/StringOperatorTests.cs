namespace Sagewright.EventPatterns.Tests;

public sealed class StringOperatorTests
{
    [Theory]
    [InlineData("""{"k":[{"prefix":"us-"}]}""", """{"k":"us-east-1"}""", true)]
    [InlineData("""{"k":[{"prefix":"us-"}]}""", """{"k":"eu-west-1"}""", false)]
    [InlineData("""{"k":[{"prefix":"us-"}]}""", """{"k":"US-east-1"}""", false)]
    [InlineData("""{"k":[{"prefix":""}]}""", """{"k":"anything"}""", true)]
    [InlineData("""{"k":[{"prefix":"1"}]}""", """{"k":12}""", false)]
    [InlineData("""{"k":[{"prefix":{"equals-ignore-case":"US-"}}]}""", """{"k":"us-east-1"}""", true)]
    [InlineData("""{"k":[{"prefix":{"equals-ignore-case":"US-"}}]}""", """{"k":"eu-west-1"}""", false)]
    [InlineData("""{"k":[{"suffix":".png"}]}""", """{"k":"cat.png"}""", true)]
    [InlineData("""{"k":[{"suffix":".png"}]}""", """{"k":"cat.PNG"}""", false)]
    [InlineData("""{"k":[{"suffix":".png"}]}""", """{"k":"cat.jpg"}""", false)]
    [InlineData("""{"k":[{"suffix":{"equals-ignore-case":".png"}}]}""", """{"k":"cat.PNG"}""", true)]
    [InlineData("""{"k":[{"equals-ignore-case":"ALICE"}]}""", """{"k":"alice"}""", true)]
    [InlineData("""{"k":[{"equals-ignore-case":"ALICE"}]}""", """{"k":"alicia"}""", false)]
    [InlineData("""{"k":[{"equals-ignore-case":"ALICE"}]}""", """{}""", false)]
    [InlineData("""{"k":["x",{"prefix":"y"}]}""", """{"k":"yes"}""", true)]
    [InlineData("""{"k":["x",{"prefix":"y"}]}""", """{"k":"x"}""", true)]
    [InlineData("""{"k":["x",{"prefix":"y"}]}""", """{"k":"no"}""", false)]
    public void Matches_PrefixSuffixAndEqualsIgnoreCase(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);

    [Theory]
    [InlineData("""{"k":[{"wildcard":"dir/*.png"}]}""", """{"k":"dir/a/b.png"}""", true)]
    [InlineData("""{"k":[{"wildcard":"dir/*.png"}]}""", """{"k":"dir/a.jpg"}""", false)]
    [InlineData("""{"k":[{"wildcard":"dir/*.png"}]}""", """{"k":"dir/.png"}""", true)]
    [InlineData("""{"k":[{"wildcard":"*"}]}""", """{"k":""}""", true)]
    [InlineData("""{"k":[{"wildcard":"a*b*c"}]}""", """{"k":"abc"}""", true)]
    [InlineData("""{"k":[{"wildcard":"a*b*c"}]}""", """{"k":"axxbyyc"}""", true)]
    [InlineData("""{"k":[{"wildcard":"a*b*c"}]}""", """{"k":"acb"}""", false)]
    [InlineData("""{"k":[{"wildcard":"ab*ba"}]}""", """{"k":"aba"}""", false)]
    [InlineData("""{"k":[{"wildcard":"ab*ba"}]}""", """{"k":"abba"}""", true)]
    [InlineData("""{"k":[{"wildcard":"exact"}]}""", """{"k":"exact"}""", true)]
    [InlineData("""{"k":[{"wildcard":"exact"}]}""", """{"k":"exactly"}""", false)]
    [InlineData("""{"k":[{"wildcard":"a\\*b"}]}""", """{"k":"a*b"}""", true)]
    [InlineData("""{"k":[{"wildcard":"a\\*b"}]}""", """{"k":"axb"}""", false)]
    [InlineData("""{"k":[{"wildcard":"a\\\\*"}]}""", """{"k":"a\\bc"}""", true)]
    [InlineData("""{"k":[{"wildcard":"a\\\\*"}]}""", """{"k":"abc"}""", false)]
    [InlineData("""{"k":[{"wildcard":"A*"}]}""", """{"k":"abc"}""", false)]
    [InlineData("""{"k":[{"wildcard":"1*"}]}""", """{"k":12}""", false)]
    public void Matches_Wildcard(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);
}
