namespace Sagewright.SigV4;

/// <summary>Reads the SigV4 authentication of a request, from its Authorization header or its presigned query.</summary>
public static class SigV4Parser
{
    /// <summary>
    /// Null when the request carries no SigV4 authentication at all (no Authorization header, no X-Amz-Algorithm parameter).
    /// Throws <see cref="SigV4Exception"/> when it is malformed or not AWS4-HMAC-SHA256 (SigV2, SigV4a).
    /// </summary>
    /// <param name="s3Errors">Answer in S3's error vocabulary (AuthorizationHeaderMalformed...) instead of the generic one (IncompleteSignature...)
    /// from the start. Once the credential scope is read, a scope naming <c>s3</c> switches to S3's vocabulary and rules anyway
    /// (a header-signed S3 request must carry a valid x-amz-content-sha256).</param>
    public static ParsedSignature? Parse(SigV4Request request, bool s3Errors = false)
    {
        var authorization = SingleAuthorizationHeader(request, s3Errors);
        var query = MayCarryQueryAuthentication(request.RawQuery) ? QueryParameters.Parse(request.RawQuery) : null;
        var presigned = query?.Contains("X-Amz-Algorithm") == true;

        if (authorization is not null && presigned)
        {
            throw SigV4Errors.ConflictingAuthentication(s3Errors);
        }

        if (authorization is not null)
        {
            return AuthorizationHeaderParser.Parse(request, authorization, s3Errors);
        }

        if (presigned)
        {
            return PresignedQueryParser.Parse(request, query!);
        }

        if (query?.Contains("AWSAccessKeyId") == true)
        {
            // A SigV2 query signature (S3 presigned URL of the old kind, or SignatureVersion=2).
            throw SigV4Errors.UnsupportedAlgorithm();
        }

        return null;
    }

    private static string? SingleAuthorizationHeader(SigV4Request request, bool s3Errors)
    {
        string? authorization = null;
        foreach (var value in request.HeaderValues("Authorization"))
        {
            if (authorization is not null)
            {
                throw SigV4Errors.MalformedHeader(s3Errors, "more than one Authorization header.", "Only one Authorization header is allowed.");
            }

            authorization = value;
        }

        return authorization;
    }

    private static bool MayCarryQueryAuthentication(string rawQuery) =>
        rawQuery.Contains("X-Amz-", StringComparison.Ordinal) || rawQuery.Contains("AWSAccessKeyId", StringComparison.Ordinal);
}
