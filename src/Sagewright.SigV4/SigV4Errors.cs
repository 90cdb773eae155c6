namespace Sagewright.SigV4;

/// <summary>
/// The error vocabulary: S3 answers in its own codes (AuthorizationHeaderMalformed, RequestTimeTooSkewed, AccessDenied...),
/// the other services in the generic one (IncompleteSignature, SignatureDoesNotMatch...). Messages follow AWS's wording.
/// </summary>
internal static class SigV4Errors
{
    public const string CredentialFormat = "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"";

    public static SigV4Exception MalformedHeader(bool s3Errors, string s3Detail, string genericMessage) => s3Errors
        ? new("AuthorizationHeaderMalformed", "The authorization header is malformed; " + s3Detail, 400)
        : new("IncompleteSignature", genericMessage, 400);

    public static SigV4Exception QueryParameters(string message) =>
        new("AuthorizationQueryParametersError", message, 400);

    public static SigV4Exception UnsupportedAlgorithm() =>
        new("InvalidRequest", "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.", 400);

    public static SigV4Exception ConflictingAuthentication(bool s3Errors) => new(
        s3Errors ? "InvalidArgument" : "IncompleteSignature",
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
        400);

    public static SigV4Exception SignatureDoesNotMatch(bool s3Errors, ParsedSignature signature, string canonicalRequest, string stringToSign)
    {
        var message = s3Errors
            ? "The request signature we calculated does not match the signature you provided. Check your key and signing method."
            : "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
              + $"\n\nThe Canonical String for this request should have been\n'{canonicalRequest}'\n\nThe String-to-Sign should have been\n'{stringToSign}'\n";
        return new SigV4Exception("SignatureDoesNotMatch", message)
        {
            CanonicalRequest = canonicalRequest,
            StringToSign = stringToSign,
            SignatureProvided = signature.Signature,
            AccessKeyId = signature.AccessKeyId,
        };
    }

    public static SigV4Exception Skewed(bool s3Errors, ParsedSignature signature, DateTimeOffset now)
    {
        if (s3Errors)
        {
            return new("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
            {
                AccessKeyId = signature.AccessKeyId,
            };
        }

        var skew = SigV4Constants.MaxClockSkew;
        var message = signature.RequestTime < now
            ? $"Signature expired: {signature.AmzDate} is now earlier than {AmzDateFormat.Format(now - skew)} ({AmzDateFormat.Format(now)} - 15 min.)"
            : $"Signature not yet current: {signature.AmzDate} is still later than {AmzDateFormat.Format(now + skew)} ({AmzDateFormat.Format(now)} + 15 min.)";
        return new("SignatureDoesNotMatch", message) { AccessKeyId = signature.AccessKeyId };
    }

    public static SigV4Exception PresignExpired(bool s3Errors, ParsedSignature signature, DateTimeOffset now)
    {
        if (s3Errors)
        {
            return new("AccessDenied", "Request has expired") { AccessKeyId = signature.AccessKeyId };
        }

        var expires = signature.ExpiresSeconds ?? 0;
        var message =
            $"Signature expired: {signature.AmzDate} is now earlier than {AmzDateFormat.Format(now.AddSeconds(-expires))} ({AmzDateFormat.Format(now)} - {expires} sec.)";
        return new("SignatureDoesNotMatch", message) { AccessKeyId = signature.AccessKeyId };
    }

    public static SigV4Exception PresignNotYetValid(bool s3Errors, ParsedSignature signature, DateTimeOffset now) => s3Errors
        ? new("AccessDenied", "Request is not valid yet") { AccessKeyId = signature.AccessKeyId }
        : Skewed(s3Errors: false, signature, now);

    public static SigV4Exception HostNotSigned(bool s3Errors, bool presigned)
    {
        const string Message = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
        return presigned
            ? QueryParameters(Message)
            : MalformedHeader(s3Errors, "the 'host' header must be signed.", Message);
    }

    public static SigV4Exception UnsignedAmzHeaders(IEnumerable<string> names) =>
        new("AccessDenied", "There were headers present in the request which were not signed: " + string.Join(", ", names));
}
