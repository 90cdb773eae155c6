using System.Globalization;

namespace Sagewright.SigV4;

/// <summary>Query-string authentication: X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders, -Signature (and -Security-Token).</summary>
internal static class PresignedQueryParser
{
    private const string MissingParameters =
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";

    public static ParsedSignature Parse(SigV4Request request, QueryParameters query)
    {
        var algorithm = Required(query, "X-Amz-Algorithm");
        var credential = Required(query, "X-Amz-Credential");
        var date = Required(query, "X-Amz-Date");
        var expires = Required(query, "X-Amz-Expires");
        var signedHeadersValue = Required(query, "X-Amz-SignedHeaders");
        var signature = Required(query, "X-Amz-Signature");

        if (algorithm != SigV4Constants.Algorithm)
        {
            throw SigV4Errors.QueryParameters("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }

        var scope = CredentialScope.TryParse(credential, out _)
            ?? throw SigV4Errors.QueryParameters($"Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting {SigV4Errors.CredentialFormat}.");
        if (!AmzDateFormat.TryParse(date, out var requestTime))
        {
            throw SigV4Errors.QueryParameters("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }

        if (date[..8] != scope.Date)
        {
            throw SigV4Errors.QueryParameters("Invalid credential date. Date is not the same as X-Amz-Date.");
        }

        var signedHeaders = SignedHeaderList.TryParse(signedHeadersValue)
            ?? throw SigV4Errors.QueryParameters("Error parsing the X-Amz-SignedHeaders parameter.");

        return new ParsedSignature(
            scope.AccessKeyId,
            requestTime,
            scope.Date,
            scope.Region,
            scope.Service,
            signedHeaders,
            signature,
            IsPresigned: true,
            ParseExpires(expires),
            query.Single("X-Amz-Security-Token", out _) ?? request.FirstHeader("X-Amz-Security-Token"),
            PayloadHash(request, query, scope.Service));
    }

    internal static int ParseExpires(string expires)
    {
        if (!long.TryParse(expires, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            throw SigV4Errors.QueryParameters("X-Amz-Expires should be a number");
        }

        ValidateExpires(seconds);
        return (int)seconds;
    }

    internal static void ValidateExpires(long seconds)
    {
        if (seconds < 0)
        {
            throw SigV4Errors.QueryParameters("X-Amz-Expires must be non-negative");
        }

        if (seconds > SigV4Constants.MaxPresignExpiresSeconds)
        {
            throw SigV4Errors.QueryParameters(
                "X-Amz-Expires must be less than a week (in seconds) that is; the maximum expires is 604800 seconds");
        }
    }

    /// <summary>
    /// Presigned S3 URLs sign UNSIGNED-PAYLOAD (unless the URL names a hash); other services (an STS GetCallerIdentity
    /// token, say) sign the SHA-256 of the body, which the caller computes.
    /// </summary>
    private static string? PayloadHash(SigV4Request request, QueryParameters query, string service) =>
        service == "s3"
            ? query.Single("X-Amz-Content-Sha256", out _) ?? SigV4Constants.UnsignedPayload
            : request.FirstHeader("X-Amz-Content-SHA256");

    private static string Required(QueryParameters query, string name)
    {
        var value = query.Single(name, out var duplicated);
        if (duplicated)
        {
            throw SigV4Errors.QueryParameters($"Query-string authentication allows the {name} parameter only once.");
        }

        return value ?? throw SigV4Errors.QueryParameters(MissingParameters);
    }
}
