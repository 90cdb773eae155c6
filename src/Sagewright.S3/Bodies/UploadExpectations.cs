using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sagewright.Protocol.Inputs;
using Sagewright.SigV4;

namespace Sagewright.S3.Bodies;

/// <summary>
/// What an upload (PutObject, UploadPart) promises about its body: its length (Content-Length, or
/// x-amz-decoded-content-length for aws-chunked bodies), its Content-MD5 and at most one flexible checksum, given as
/// a header or announced in x-amz-trailer and sent after the body. <see cref="Verify"/> checks them all before
/// the data is committed.
/// </summary>
internal sealed class UploadExpectations
{
    private readonly string? _contentMd5;
    private readonly string? _expectedChecksum;
    private readonly Stream? _body;

    private UploadExpectations(long length, string? contentMd5, ChecksumAlgorithm? algorithm, string? expectedChecksum, Stream? body)
    {
        Length = length;
        _contentMd5 = contentMd5;
        Algorithm = algorithm;
        _expectedChecksum = expectedChecksum;
        _body = body;
    }

    public long Length { get; }
    public bool HasContentMd5 => _contentMd5 is not null;

    /// <summary>MD5 unless S3 would not give the object an MD5 ETag anyway (SSE-KMS) and no Content-MD5 needs checking.</summary>
    public ContentDigest DigestFor(Storage.SealedKey? sealedKey) =>
        sealedKey?.Algorithm == Storage.SealedKey.Kms && !HasContentMd5 ? ContentDigest.XxHash128 : ContentDigest.Md5;
    public ChecksumAlgorithm? Algorithm { get; }
    public IReadOnlyCollection<ChecksumAlgorithm> Algorithms => Algorithm is { } a ? [a] : [];

    public static UploadExpectations Of(HttpRequest request, JsonObject input, Stream? body, long maxLength)
    {
        var length = DeclaredLength(request) ?? throw S3Errors.MissingContentLength();
        if (length > maxLength)
        {
            throw S3Errors.EntityTooLarge(length, maxLength);
        }
        var contentMd5 = input.Optional("ContentMD5");
        if (contentMd5 is not null && !IsMd5(contentMd5))
        {
            throw S3Errors.InvalidDigest();
        }
        var given = Checksums.All.Where(a => input.Optional(Checksums.MemberName(a)) is not null).ToArray();
        if (given.Length > 1)
        {
            throw S3Errors.InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        string? trailer = request.Headers["x-amz-trailer"];
        var trailed = trailer is { Length: > 0 } ? Checksums.All.FirstOrDefault(a => Checksums.HeaderName(a).Equals(trailer.Trim(), StringComparison.OrdinalIgnoreCase)) : (ChecksumAlgorithm?)null;
        if (trailer is { Length: > 0 } && trailed is null)
        {
            throw S3Errors.InvalidRequest($"The value specified in the x-amz-trailer header is not supported: {trailer}");
        }
        var algorithm = given.Length == 1 ? given[0] : trailed ?? Checksums.Parse(input.Optional("ChecksumAlgorithm"));
        var expected = given.Length == 1 ? input.Optional(Checksums.MemberName(given[0])) : null;
        return new UploadExpectations(length, contentMd5, algorithm, expected, trailed is null ? null : body);
    }

    /// <summary>Throws BadDigest when the body does not match what the request promised.</summary>
    public void Verify(WrittenSegment written)
    {
        if (_contentMd5 is not null && _contentMd5 != Convert.ToBase64String(written.Md5))
        {
            throw S3Errors.BadDigest();
        }
        if (Algorithm is not { } algorithm)
        {
            return;
        }
        var expected = _expectedChecksum ?? TrailerValue(algorithm);
        if (expected is not null && expected != written.Checksums[algorithm])
        {
            throw S3Errors.BadDigest($"The {Checksums.WireName(algorithm)} you specified did not match the calculated checksum.");
        }
    }

    /// <summary>The checksum the request carried (header or trailer), or the one computed when it carried none.</summary>
    public string? ChecksumOf(WrittenSegment written) => Algorithm is { } a ? written.Checksums[a] : null;

    private string? TrailerValue(ChecksumAlgorithm algorithm)
    {
        var trailers = (_body as AwsChunkedDecodingStream)?.Trailers;
        return trailers is not null && trailers.TryGetValue(Checksums.HeaderName(algorithm), out var value) ? value.Trim() : null;
    }

    private static long? DeclaredLength(HttpRequest request)
    {
        if (long.TryParse(request.Headers["x-amz-decoded-content-length"], NumberStyles.None, CultureInfo.InvariantCulture, out var decoded))
        {
            return decoded;
        }
        return request.ContentLength;
    }

    private static bool IsMd5(string base64)
    {
        Span<byte> bytes = stackalloc byte[MD5.HashSizeInBytes + 3];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == MD5.HashSizeInBytes;
    }
}
