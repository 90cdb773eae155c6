namespace Sagewright.EventPatterns.Tests;

/// <summary>Leaves are OR lists of exact values of the same JSON type; fields AND; event arrays match on any element.</summary>
public sealed class ExactMatchingTests
{
    [Theory]
    [InlineData("""{"source":["aws.s3"]}""", """{"source":"aws.s3"}""", true)]
    [InlineData("""{"source":["aws.s3"]}""", """{"source":"aws.S3"}""", false)]
    [InlineData("""{"source":["aws.s3","aws.ec2"]}""", """{"source":"aws.ec2"}""", true)]
    [InlineData("""{"source":["aws.s3"]}""", """{"other":"aws.s3"}""", false)]
    [InlineData("""{"n":["5"]}""", """{"n":5}""", false)]
    [InlineData("""{"n":[5]}""", """{"n":"5"}""", false)]
    [InlineData("""{"n":[5]}""", """{"n":5}""", true)]
    [InlineData("""{"n":[5]}""", """{"n":5.0}""", true)]
    [InlineData("""{"n":[1.5]}""", """{"n":1.50}""", true)]
    [InlineData("""{"b":[true]}""", """{"b":true}""", true)]
    [InlineData("""{"b":[true]}""", """{"b":"true"}""", false)]
    [InlineData("""{"b":[false]}""", """{"b":true}""", false)]
    [InlineData("""{"v":[null]}""", """{"v":null}""", true)]
    [InlineData("""{"v":[null]}""", """{"v":"null"}""", false)]
    [InlineData("""{"v":[null]}""", """{}""", false)]
    [InlineData("""{"v":[""]}""", """{"v":""}""", true)]
    [InlineData("""{"v":[""]}""", """{"v":null}""", false)]
    public void Matches_ExactValues_ByTypeAndValue(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);

    [Theory]
    [InlineData("""{"a":["x"],"b":["y"]}""", """{"a":"x","b":"y"}""", true)]
    [InlineData("""{"a":["x"],"b":["y"]}""", """{"a":"x","b":"z"}""", false)]
    [InlineData("""{"a":["x"],"b":["y"]}""", """{"a":"x"}""", false)]
    [InlineData("""{"detail":{"state":["running"]}}""", """{"detail":{"state":"running"}}""", true)]
    [InlineData("""{"detail":{"state":["running"]}}""", """{"detail":{"state":"stopped"}}""", false)]
    [InlineData("""{"detail":{"state":["running"]}}""", """{"state":"running"}""", false)]
    [InlineData("""{"detail":{"state":["running"]}}""", """{"detail":"running"}""", false)]
    [InlineData("""{"a":{"b":{"c":[1]}}}""", """{"a":{"b":{"c":1}}}""", true)]
    [InlineData("""{"a":{"b":{"c":[1]}}}""", """{"a":{"b":{"c":2}}}""", false)]
    [InlineData("""{}""", """{"anything":1}""", true)]
    public void Matches_Fields_AreAndedAndNested(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);

    [Theory]
    [InlineData("""{"resources":["arn:a"]}""", """{"resources":["arn:b","arn:a"]}""", true)]
    [InlineData("""{"resources":["arn:a"]}""", """{"resources":["arn:b","arn:c"]}""", false)]
    [InlineData("""{"resources":["arn:a"]}""", """{"resources":[]}""", false)]
    [InlineData("""{"v":[2]}""", """{"v":[[1],[2,3]]}""", true)]
    [InlineData("""{"v":["x"]}""", """{"v":{"x":1}}""", false)]
    [InlineData("""{"items":{"id":[2]}}""", """{"items":[{"id":1},{"id":2}]}""", true)]
    [InlineData("""{"items":{"id":[3]}}""", """{"items":[{"id":1},{"id":2}]}""", false)]
    public void Matches_EventArrays_WhenAnyElementMatches(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);

    [Theory]
    [InlineData("""{"items":{"name":["a"],"size":[2]}}""", """{"items":[{"name":"a","size":1},{"name":"b","size":2}]}""", false)]
    [InlineData("""{"items":{"name":["a"],"size":[2]}}""", """{"items":[{"name":"b","size":1},{"name":"a","size":2}]}""", true)]
    [InlineData("""{"items":{"tag":{"k":["env"],"v":["prod"]}}}""", """{"items":[{"tag":[{"k":"env","v":"dev"},{"k":"team","v":"prod"}]}]}""", false)]
    [InlineData("""{"items":{"tag":{"k":["env"],"v":["prod"]}}}""", """{"items":[{"tag":[{"k":"team","v":"x"},{"k":"env","v":"prod"}]}]}""", true)]
    public void Matches_FieldsOfOneArrayElement_Consistently(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);
}
