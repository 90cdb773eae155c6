using Sagewright.S3.Bodies;

namespace Sagewright.S3.Tests;

public class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 100, 0, 10)]
    [InlineData("bytes=90-", 100, 90, 10)]
    [InlineData("bytes=-10", 100, 90, 10)]
    [InlineData("bytes=-1000", 100, 0, 100)]
    [InlineData("bytes=50-1000", 100, 50, 50)]
    [InlineData("bytes=99-99", 100, 99, 1)]
    public void Resolve_SatisfiableRange_GivesOffsetAndLength(string header, long size, long offset, long length)
    {
        var range = ByteRange.Parse(header);
        Assert.NotNull(range);
        Assert.Equal((offset, length), range.Value.Resolve(size));
    }

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=100-200", 100)]
    [InlineData("bytes=0-0", 0)]
    [InlineData("bytes=-5", 0)]
    public void Resolve_PastTheEnd_IsUnsatisfiable(string header, long size) =>
        Assert.Null(ByteRange.Parse(header)!.Value.Resolve(size));

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=-")]
    [InlineData("bytes=a-b")]
    public void Parse_MultiRangeOrMalformed_IsIgnored(string header) => Assert.Null(ByteRange.Parse(header));
}
