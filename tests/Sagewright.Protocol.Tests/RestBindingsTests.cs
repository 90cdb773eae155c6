using Sagewright.Protocol.Codecs;

namespace Sagewright.Protocol.Tests;

public sealed class RestBindingsTests
{
    [Fact]
    public void HeaderListSplit_HonoursBotocoreQuoting()
    {
        var items = HeaderLists.Split("""a, "b,c" ,"d\"e",f""", httpDates: false);

        Assert.Equal(["a", "b,c", "d\"e", "f"], items);
    }

    [Fact]
    public void HeaderListSplit_KeepsHttpDatesWhole()
    {
        var items = HeaderLists.Split("Wed, 02 Jan 2030 03:04:05 GMT,Thu, 03 Jan 2030 03:04:05 GMT", httpDates: true);

        Assert.Equal(["Wed, 02 Jan 2030 03:04:05 GMT", "Thu, 03 Jan 2030 03:04:05 GMT"], items);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    public void HeaderListQuote_QuotesItemsWithCommasOrQuotes(string item, string quoted)
    {
        Assert.Equal(quoted, HeaderLists.Quote(item));
    }

    [Theory]
    [InlineData("Wed, 02 Jan 2030 03:04:05 GMT")]
    [InlineData("2030-01-02T03:04:05Z")]
    [InlineData("1893553445")]
    public void TryParseScalar_TimestampInAnyWireFormat_IsTheSameInstant(string text)
    {
        var shape = Sagewright.Protocol.Tests.RestSupport.RestModels.Service("s3").Shapes["LastModified"];

        Assert.True(RestBindings.TryParseScalar(text, shape, out var value));
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), NodeValues.ToTimestamp(value));
    }
}
