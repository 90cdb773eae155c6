namespace Sagewright.SigV4;

/// <summary>S3's answers to a broken aws-chunked body.</summary>
internal static class ChunkedBodyErrors
{
    public static SigV4Exception Truncated() =>
        new("IncompleteBody", "The request body terminated unexpectedly", 400);

    public static SigV4Exception Malformed(string detail) =>
        new("IncompleteBody", "The aws-chunked request body is malformed: " + detail, 400);

    public static SigV4Exception InvalidChunkSize(string detail) =>
        new("InvalidChunkSizeError", "Invalid chunk size: " + detail, 400);

    public static SigV4Exception DecodedLengthMismatch(long declared, long actual) =>
        new("IncompleteBody", $"The decoded body length {actual} does not match x-amz-decoded-content-length {declared}.", 400);

    public static SigV4Exception ChunkSignatureDoesNotMatch() =>
        new("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");

    public static SigV4Exception MissingTrailerSignature() =>
        new("SignatureDoesNotMatch", "The trailing headers of the request carry no x-amz-trailer-signature.");
}
