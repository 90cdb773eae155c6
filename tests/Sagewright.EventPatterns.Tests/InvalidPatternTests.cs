namespace Sagewright.EventPatterns.Tests;

/// <summary>Each row: a pattern EventBridge rejects and the reason it gives after "Event pattern is not valid. Reason: ".</summary>
public sealed class InvalidPatternTests
{
    [Theory]
    [InlineData("""["a"]""", "Filter is not an object")]
    [InlineData("""{"source":"aws.s3"}""", "\"source\" must be an object or an array")]
    [InlineData("""{"source":5}""", "\"source\" must be an object or an array")]
    [InlineData("""{"source":[]}""", "Empty arrays are not allowed")]
    [InlineData("""{"source":[["a"]]}""", "Match value must be String, number, true, false, or null")]
    [InlineData("""{"k":[{}]}""", "Only one key allowed in match expression")]
    [InlineData("""{"k":[{"prefix":"a","suffix":"b"}]}""", "Only one key allowed in match expression")]
    [InlineData("""{"k":[{"regex":"a.*"}]}""", "Unrecognized match type regex")]
    [InlineData("""{"k":[{"prefix":5}]}""", "prefix match pattern must be a string")]
    [InlineData("""{"k":[{"suffix":null}]}""", "suffix match pattern must be a string")]
    [InlineData("""{"k":[{"prefix":{"wildcard":"a"}}]}""", "Unrecognized match type wildcard")]
    [InlineData("""{"k":[{"equals-ignore-case":["a"]}]}""", "equals-ignore-case match pattern must be a string")]
    [InlineData("""{"k":[{"exists":"true"}]}""", "exists match pattern must be either true or false.")]
    [InlineData("""{"$or":{"a":[1]}}""", "Or relationship must be an array of objects")]
    [InlineData("""{"$or":[]}""", "Or relationship must be an array of objects")]
    public void Parse_RejectsMalformedStructure(string pattern, string reason) => AssertInvalid(pattern, reason);

    [Theory]
    [InlineData("""{"k":[{"wildcard":"a**b"}]}""", "Consecutive wildcard characters at pos 2")]
    [InlineData("""{"k":[{"wildcard":"abc**def"}]}""", "Consecutive wildcard characters at pos 4")]
    [InlineData("""{"k":[{"wildcard":"a\\b"}]}""", "Invalid escape character at pos 1")]
    [InlineData("""{"k":[{"wildcard":"ab\\"}]}""", "Invalid escape character at pos 2")]
    [InlineData("""{"k":[{"wildcard":7}]}""", "wildcard match pattern must be a string")]
    [InlineData("""{"k":[{"anything-but":true}]}""", "Value of anything-but must be an array or single string/number value.")]
    [InlineData("""{"k":[{"anything-but":null}]}""", "Value of anything-but must be an array or single string/number value.")]
    [InlineData("""{"k":[{"anything-but":["a",null]}]}""", "Inside anything but list, start|null|boolean is not supported.")]
    [InlineData("""{"k":[{"anything-but":[]}]}""", "Empty arrays are not allowed")]
    [InlineData("""{"k":[{"anything-but":{"numeric":[">",1]}}]}""", "Unsupported anything-but pattern: numeric")]
    [InlineData("""{"k":[{"anything-but":{"prefix":["a"]}}]}""", "prefix match pattern must be a string")]
    [InlineData("""{"k":[{"anything-but":{"prefix":""}}]}""", "Null prefix/suffix not allowed")]
    [InlineData("""{"k":[{"anything-but":{"suffix":""}}]}""", "Null prefix/suffix not allowed")]
    [InlineData("""{"k":[{"anything-but":{"wildcard":"a**"}}]}""", "Consecutive wildcard characters at pos 2")]
    public void Parse_RejectsBadStringOperators(string pattern, string reason) => AssertInvalid(pattern, reason);

    [Theory]
    [InlineData("""{"n":[{"numeric":5}]}""", "Value of numeric must be an array.")]
    [InlineData("""{"n":[{"numeric":[]}]}""", "Invalid member in numeric match: ]")]
    [InlineData("""{"n":[{"numeric":[5,">"]}]}""", "Invalid member in numeric match: 5")]
    [InlineData("""{"n":[{"numeric":["!=",5]}]}""", "Unrecognized numeric range operator: !=")]
    [InlineData("""{"n":[{"numeric":["=","5"]}]}""", "Value of equals must be numeric")]
    [InlineData("""{"n":[{"numeric":[">"]}]}""", "Value of > must be numeric")]
    [InlineData("""{"n":[{"numeric":["<",5,">",1]}]}""", "Too many elements in numeric expression")]
    [InlineData("""{"n":[{"numeric":[">",1,">",5]}]}""", "Bad numeric range operator: >")]
    [InlineData("""{"n":[{"numeric":[">",1,"<"]}]}""", "Value of < must be numeric")]
    [InlineData("""{"n":[{"numeric":[">",5,"<",1]}]}""", "Bottom must be less than top")]
    [InlineData("""{"n":[{"numeric":[">",5,"<",5]}]}""", "Bottom must be less than top")]
    [InlineData("""{"n":[{"numeric":[">",1,"<",5,"<",9]}]}""", "Too many terms in numeric range expression")]
    [InlineData("""{"ip":[{"cidr":"10.0.0.1"}]}""", "Malformed CIDR, one '/' required")]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/8/8"}]}""", "Malformed CIDR, one '/' required")]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/x"}]}""", "Malformed CIDR, mask bits must be an integer")]
    [InlineData("""{"ip":[{"cidr":"10.0.0/8"}]}""", "Nonstandard IP address: 10.0.0")]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/33"}]}""", "Nonstandard IP address: 10.0.0.0")]
    [InlineData("""{"ip":[{"cidr":"2001:db8::/129"}]}""", "Nonstandard IP address: 2001:db8::")]
    [InlineData("""{"ip":[{"cidr":5}]}""", "cidr match pattern must be a string")]
    public void Parse_RejectsBadNumericAndCidr(string pattern, string reason) => AssertInvalid(pattern, reason);

    [Fact]
    public void Parse_WhenLongerThan4096Characters_Throws()
    {
        var atLimit = "{\"k\":[\"" + new string('a', EventPattern.MaxLength - 10) + "\"]}";
        Assert.Equal(EventPattern.MaxLength, atLimit.Length);
        Assert.NotNull(EventPattern.Parse(atLimit));

        var exception = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(atLimit.Insert(7, "a")));
        Assert.StartsWith("Event pattern is not valid. Reason: ", exception.Message);
    }

    [Fact]
    public void Parse_WhenNotJson_ThrowsInvalidEventPattern()
    {
        var exception = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse("{\"source\":"));
        Assert.StartsWith("Event pattern is not valid. Reason: ", exception.Message);
    }

    private static void AssertInvalid(string pattern, string reason)
    {
        var exception = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(pattern));
        Assert.Equal(reason, exception.Reason);
        Assert.Equal("Event pattern is not valid. Reason: " + reason, exception.Message);
    }
}
