namespace Sagewright.EventPatterns.Tests;

public sealed class ExistsAndOrTests
{
    [Theory]
    [InlineData("""{"k":[{"exists":true}]}""", """{"k":"v"}""", true)]
    [InlineData("""{"k":[{"exists":true}]}""", """{"k":null}""", true)]
    [InlineData("""{"k":[{"exists":true}]}""", """{"k":0}""", true)]
    [InlineData("""{"k":[{"exists":true}]}""", """{}""", false)]
    [InlineData("""{"k":[{"exists":true}]}""", """{"k":{"inner":1}}""", false)]
    [InlineData("""{"k":[{"exists":true}]}""", """{"k":[]}""", false)]
    [InlineData("""{"k":[{"exists":false}]}""", """{}""", true)]
    [InlineData("""{"k":[{"exists":false}]}""", """{"k":"v"}""", false)]
    [InlineData("""{"k":[{"exists":false}]}""", """{"k":{"inner":1}}""", true)]
    [InlineData("""{"d":{"k":[{"exists":false}]}}""", """{"other":1}""", true)]
    [InlineData("""{"d":{"k":[{"exists":false}]}}""", """{"d":{"k":1}}""", false)]
    [InlineData("""{"k":["a",{"exists":false}]}""", """{"k":"a"}""", true)]
    [InlineData("""{"k":["a",{"exists":false}]}""", """{}""", true)]
    [InlineData("""{"k":["a",{"exists":false}]}""", """{"k":"b"}""", false)]
    public void Matches_Exists(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);

    [Theory]
    [InlineData("""{"$or":[{"a":[1]},{"b":[2]}]}""", """{"a":1}""", true)]
    [InlineData("""{"$or":[{"a":[1]},{"b":[2]}]}""", """{"b":2}""", true)]
    [InlineData("""{"$or":[{"a":[1]},{"b":[2]}]}""", """{"a":2,"b":1}""", false)]
    [InlineData("""{"s":["x"],"$or":[{"a":[1]},{"b":[2]}]}""", """{"s":"y","a":1}""", false)]
    [InlineData("""{"s":["x"],"$or":[{"a":[1]},{"b":[2]}]}""", """{"s":"x","b":2}""", true)]
    [InlineData("""{"d":{"$or":[{"a":[{"prefix":"p"}]},{"c":[{"numeric":[">",5]}]}]}}""", """{"d":{"c":6}}""", true)]
    [InlineData("""{"d":{"$or":[{"a":[{"prefix":"p"}]},{"c":[{"numeric":[">",5]}]}]}}""", """{"d":{"c":5,"a":"q"}}""", false)]
    [InlineData("""{"$or":[{"a":[1]},{"$or":[{"b":[2]},{"c":[3]}]}]}""", """{"c":3}""", true)]
    [InlineData("""{"$or":[{"a":[1]},{"$or":[{"b":[2]},{"c":[3]}]}]}""", """{"d":4}""", false)]
    public void Matches_Or(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);
}
