using System.Text;
using Sagewright.S3.Bodies;

namespace Sagewright.S3.Tests;

public class ChecksumsTests
{
    // Check values from the CRC catalogue ("123456789") and digests of "hello world" computed by Python (zlib, hashlib).
    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "123456789", "CBF43926")]
    [InlineData(ChecksumAlgorithm.Crc32C, "123456789", "E3069283")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "123456789", "AE8B14860A799888")]
    [InlineData(ChecksumAlgorithm.Crc32, "hello world", "0D4A1185")]
    public void Finish_ReturnsTheBigEndianCheckValue(ChecksumAlgorithm algorithm, string input, string expectedHex)
    {
        var checksum = Checksums.Create(algorithm);
        checksum.Append(Encoding.ASCII.GetBytes(input));
        Assert.Equal(expectedHex, Convert.ToHexString(checksum.Finish()));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Sha256, "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")]
    [InlineData(ChecksumAlgorithm.Sha1, "Kq5sNclPz7QV2+lfQIuc6R7oRu0=")]
    [InlineData(ChecksumAlgorithm.Crc32, "DUoRhQ==")]
    public void Finish_MatchesWhatBotocoreSends(ChecksumAlgorithm algorithm, string base64)
    {
        var checksum = Checksums.Create(algorithm);
        checksum.Append("hello world"u8);
        Assert.Equal(base64, Convert.ToBase64String(checksum.Finish()));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public void Append_InPieces_EqualsAppendAtOnce(ChecksumAlgorithm algorithm)
    {
        var data = new byte[100_003];
        new Random(7).NextBytes(data);
        var whole = Checksums.Create(algorithm);
        whole.Append(data);
        var pieces = Checksums.Create(algorithm);
        foreach (var size in new[] { 1, 7, 8, 4096, 65536 })
        {
            pieces.Append(data.AsSpan(0, size));
            data = data[size..];
        }
        pieces.Append(data);
        Assert.Equal(Convert.ToHexString(whole.Finish()), Convert.ToHexString(pieces.Finish()));
    }

    [Fact]
    public void Composite_IsTheChecksumOfThePartChecksumsWithTheirCount()
    {
        var parts = new[] { "DUoRhQ==", "DUoRhQ==" };
        var expected = Checksums.Create(ChecksumAlgorithm.Crc32);
        expected.Append(Convert.FromBase64String(parts[0]));
        expected.Append(Convert.FromBase64String(parts[1]));
        Assert.Equal(Convert.ToBase64String(expected.Finish()) + "-2", Checksums.Composite(ChecksumAlgorithm.Crc32, parts));
    }

    [Fact]
    public void Parse_UnknownAlgorithm_IsInvalidArgument()
    {
        var e = Assert.Throws<Sagewright.Core.AwsServiceException>(() => Checksums.Parse("MD4"));
        Assert.Equal("InvalidArgument", e.Code);
    }
}

public class CrcCombinationTests
{
    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    public void Combine_OfPartChecksums_EqualsTheChecksumOfTheWhole(ChecksumAlgorithm algorithm)
    {
        var data = new byte[300_007];
        new Random(3).NextBytes(data);
        var whole = Checksums.Create(algorithm);
        whole.Append(data);
        var cuts = new[] { 0, 1, 65_536, 65_537, 200_000, data.Length };
        var parts = cuts.Zip(cuts.Skip(1), (from, to) =>
        {
            var part = Checksums.Create(algorithm);
            part.Append(data.AsSpan(from, to - from));
            return (Convert.ToBase64String(part.Finish()), (long)(to - from));
        }).ToArray();

        Assert.Equal(Convert.ToBase64String(whole.Finish()), CrcCombination.Combine(algorithm, parts));
    }
}
