namespace Sagewright.SigV4;

/// <summary>The SigV4 authentication a request carries, from its Authorization header or its presigned query.</summary>
/// <param name="AccessKeyId">The access key id of the credential scope.</param>
/// <param name="RequestTime">X-Amz-Date (or the Date header), UTC.</param>
/// <param name="Date">The credential scope date, yyyyMMdd.</param>
/// <param name="Region">The credential scope region.</param>
/// <param name="Service">The credential scope service, e.g. <c>s3</c>, <c>sts</c>.</param>
/// <param name="SignedHeaders">Lowercase header names, in the order the client listed them.</param>
/// <param name="Signature">The signature the client sent (64 lowercase hex characters when well formed).</param>
/// <param name="IsPresigned">True for query-string (presigned URL) authentication.</param>
/// <param name="ExpiresSeconds">X-Amz-Expires for presigned requests; null for header authentication.</param>
/// <param name="SecurityToken">X-Amz-Security-Token (header or query), for temporary credentials.</param>
/// <param name="PayloadHash">
/// The x-amz-content-sha256 header value (hex SHA-256 or a literal such as <c>UNSIGNED-PAYLOAD</c>); <c>UNSIGNED-PAYLOAD</c> for
/// presigned S3 requests; null when the request does not say, in which case the caller hashes the body itself.
/// A hex value is only the client's claim: the caller must check it against the body (<see cref="Sha256VerifyingStream"/>).
/// </param>
public sealed record ParsedSignature(
    string AccessKeyId,
    DateTimeOffset RequestTime,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    bool IsPresigned,
    int? ExpiresSeconds,
    string? SecurityToken,
    string? PayloadHash)
{
    /// <summary><c>date/region/service/aws4_request</c>.</summary>
    public string CredentialScope => $"{Date}/{Region}/{Service}/{SigV4Constants.ScopeTerminator}";

    /// <summary>The request time in the ISO 8601 basic format used in the string to sign, e.g. <c>20130524T000000Z</c>.</summary>
    public string AmzDate => AmzDateFormat.Format(RequestTime);
}
