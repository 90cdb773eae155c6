namespace Sagewright.SigV4;

/// <summary>The framing of a <c>Content-Encoding: aws-chunked</c> body.</summary>
public enum AwsChunkedMode
{
    /// <summary>STREAMING-AWS4-HMAC-SHA256-PAYLOAD: every chunk carries a signature chained from the seed signature.</summary>
    SignedChunks,

    /// <summary>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: signed chunks, then trailing headers signed by x-amz-trailer-signature.</summary>
    SignedChunksWithTrailer,

    /// <summary>STREAMING-UNSIGNED-PAYLOAD-TRAILER: plain chunks, then trailing headers (a checksum) without a signature.</summary>
    UnsignedWithTrailer,
}

public static class AwsChunked
{
    /// <summary>The framing an x-amz-content-sha256 value announces, or null when it is not a streaming mode this library decodes.</summary>
    public static AwsChunkedMode? ModeFor(string payloadHash) => payloadHash switch
    {
        SigV4Constants.StreamingSignedPayload => AwsChunkedMode.SignedChunks,
        SigV4Constants.StreamingSignedPayloadTrailer => AwsChunkedMode.SignedChunksWithTrailer,
        SigV4Constants.StreamingUnsignedPayloadTrailer => AwsChunkedMode.UnsignedWithTrailer,
        _ => null,
    };
}
