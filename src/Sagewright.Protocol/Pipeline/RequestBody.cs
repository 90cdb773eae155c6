using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.SigV4;

namespace Sagewright.Protocol.Pipeline;

/// <summary>An S3 request body after SigV4 payload handling: streamed for object data, buffered otherwise.</summary>
public sealed record S3Body(Stream? Stream, ReadOnlyMemory<byte>? Buffered);

public static class RequestBody
{
    /// <summary>Reads a whole (non-streaming) request body, refusing bodies over the limit before reading them.</summary>
    public static async Task<ReadOnlyMemory<byte>> BufferAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        await BufferAsync(request.Body, request.ContentLength, limit, cancellationToken);

    public static async Task<ReadOnlyMemory<byte>> BufferAsync(Stream body, long? declaredLength, long limit, CancellationToken cancellationToken)
    {
        if (declaredLength > limit)
        {
            throw TooLarge(limit);
        }
        if (declaredLength is { } exact)
        {
            var bytes = new byte[exact];
            await body.ReadExactlyAsync(bytes, cancellationToken);
            return bytes;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Wraps the body in the decoder its x-amz-content-sha256 mode calls for (aws-chunked with chunk signatures,
    /// or a SHA-256 check at end of stream) and either hands it on as a stream (object data) or buffers it.
    /// </summary>
    public static async Task<S3Body> OpenS3BodyAsync(HttpRequest request, ParsedSignature signature, byte[] signingKey,
        OperationModel operation, long bufferLimit)
    {
        var payloadHash = signature.PayloadHash ?? "UNSIGNED-PAYLOAD";
        long? decodedLength = long.TryParse(request.Headers["x-amz-decoded-content-length"], out var decoded) ? decoded : null;
        Stream stream = AwsChunked.ModeFor(payloadHash) is { } mode
            ? new AwsChunkedDecodingStream(request.Body, mode, signingKey, signature.Signature, signature, decodedLength)
            : IsHexSha256(payloadHash)
                ? new Sha256VerifyingStream(request.Body, payloadHash)
                : request.Body;

        if (HasBlobPayload(operation))
        {
            return new S3Body(stream, null);
        }
        var length = decodedLength ?? (stream == request.Body || stream is Sha256VerifyingStream ? request.ContentLength : null);
        var buffered = await BufferAsync(stream, length, bufferLimit, request.HttpContext.RequestAborted);
        VerifyContentMd5(request, buffered.Span);
        return new S3Body(null, buffered);
    }

    /// <summary>S3 checks Content-MD5 on the XML bodies it is sent on (DeleteObjects, PutBucketPolicy...); object data is checked by S3 itself while streaming.</summary>
    private static void VerifyContentMd5(HttpRequest request, ReadOnlySpan<byte> body)
    {
        string? declared = request.Headers.ContentMD5;
        if (string.IsNullOrEmpty(declared))
        {
            return;
        }
        Span<byte> expected = stackalloc byte[MD5.HashSizeInBytes + 3];
        if (!Convert.TryFromBase64String(declared, expected, out var length) || length != MD5.HashSizeInBytes)
        {
            throw new AwsServiceException("InvalidDigest", "The Content-MD5 you specified is not valid.", 400);
        }
        if (!MD5.HashData(body).AsSpan().SequenceEqual(expected[..length]))
        {
            throw new AwsServiceException("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
        }
    }

    public static bool HasBlobPayload(OperationModel operation) =>
        operation.Input is { Payload: { } payload } input && input.FindMember(payload)?.Shape.Type == ShapeType.Blob;

    private static bool IsHexSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    private static AwsServiceException TooLarge(long limit) =>
        new("RequestEntityTooLarge", $"The request body exceeds the maximum allowed size of {limit} bytes.", 413);
}
