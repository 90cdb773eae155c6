using static Sagewright.SigV4.Tests.TestSupport;

namespace Sagewright.SigV4.Tests;

public sealed class Sha256VerifyingStreamTests
{
    private static readonly byte[] Body = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

    [Fact]
    public void MatchingBody_ReadsThrough()
    {
        using var stream = new Sha256VerifyingStream(new OneByteAtATimeStream(Body), Sha256Hex(Body).ToUpperInvariant());

        Assert.Equal(Body, AwsChunkedBody.ReadAll(stream));
        Assert.Equal(0, stream.Read(new byte[10], 0, 10));
    }

    [Fact]
    public async Task MatchingBody_ReadsThroughAsync()
    {
        using var stream = new Sha256VerifyingStream(new MemoryStream(Body), Sha256Hex(Body));
        var output = new MemoryStream();

        await stream.CopyToAsync(output);

        Assert.Equal(Body, output.ToArray());
    }

    [Fact]
    public void OtherBody_ThrowsXAmzContentSHA256MismatchAtTheEnd()
    {
        using var stream = new Sha256VerifyingStream(new MemoryStream(Body), Sha256Hex("something else"));
        var buffer = new byte[Body.Length];

        Assert.Equal(Body.Length, stream.ReadAtLeast(buffer, Body.Length));
        var error = Assert.Throws<SigV4Exception>(() => stream.Read(buffer, 0, buffer.Length));

        Assert.Equal(("XAmzContentSHA256Mismatch", 400), (error.Code, error.StatusCode));
        Assert.Equal("The provided 'x-amz-content-sha256' header does not match what was computed.", error.Message);
    }

    [Fact]
    public async Task OtherBody_ThrowsXAmzContentSHA256MismatchAsync()
    {
        using var stream = new Sha256VerifyingStream(new MemoryStream(Body), SigV4Constants.EmptyPayloadSha256);

        var error = await Assert.ThrowsAsync<SigV4Exception>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal("XAmzContentSHA256Mismatch", error.Code);
    }

    [Fact]
    public void EmptyRead_IsNotTheEndOfTheBody()
    {
        using var stream = new Sha256VerifyingStream(new MemoryStream(Body), Sha256Hex(Body));

        Assert.Equal(0, stream.Read([], 0, 0));
        Assert.Equal(Body, AwsChunkedBody.ReadAll(stream));
    }

    [Theory]
    [InlineData(SigV4Constants.UnsignedPayload)]
    [InlineData("abc")]
    public void NonHexExpectation_IsAnArgumentError(string expected)
    {
        Assert.Throws<ArgumentException>(() => new Sha256VerifyingStream(new MemoryStream(), expected));
    }
}
