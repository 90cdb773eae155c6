using Sagewright.Core;

namespace Sagewright.S3.Tests;

public class BucketNamesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("my-bucket.data-2026")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Validate_ValidName_Passes(string name) => BucketNames.Validate(name);

    [Theory]
    [InlineData("ab")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("MyBucket")]
    [InlineData("my_bucket")]
    [InlineData("-bucket")]
    [InlineData("bucket-")]
    [InlineData("my..bucket")]
    [InlineData("my.-bucket")]
    [InlineData("192.168.5.4")]
    [InlineData("xn--bucket")]
    [InlineData("bucket-s3alias")]
    public void Validate_InvalidName_IsInvalidBucketName(string name)
    {
        var e = Assert.Throws<AwsServiceException>(() => BucketNames.Validate(name));
        Assert.Equal("InvalidBucketName", e.Code);
    }

    [Fact]
    public void ValidateKey_Over1024Utf8Bytes_IsKeyTooLong()
    {
        BucketNames.ValidateKey(new string('a', 1024));
        var e = Assert.Throws<AwsServiceException>(() => BucketNames.ValidateKey(new string('é', 513)));
        Assert.Equal("KeyTooLongError", e.Code);
    }
}
