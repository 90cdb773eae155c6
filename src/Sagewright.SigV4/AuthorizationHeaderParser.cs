namespace Sagewright.SigV4;

/// <summary>
/// <c>Authorization: AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex</c>
/// (the spaces after the commas are optional).
/// </summary>
internal static class AuthorizationHeaderParser
{
    public static ParsedSignature Parse(SigV4Request request, string authorization, bool s3Errors)
    {
        var components = ReadComponents(authorization, s3Errors);
        components.TryGetValue("Credential", out var credential);
        components.TryGetValue("SignedHeaders", out var signedHeadersValue);
        components.TryGetValue("Signature", out var signature);
        if (credential is null || signedHeadersValue is null || signature is null)
        {
            throw MissingComponents(authorization, credential, signedHeadersValue, signature, s3Errors);
        }

        var scope = CredentialScope.TryParse(credential, out var problem)
            ?? throw SigV4Errors.MalformedHeader(s3Errors, $"the Credential is mal-formed; expecting {SigV4Errors.CredentialFormat}.", problem);

        // From here the scope says whether this is S3, so its rules and vocabulary apply even if the caller could not know yet.
        s3Errors |= scope.Service == "s3";
        var signedHeaders = SignedHeaderList.TryParse(signedHeadersValue)
            ?? throw SigV4Errors.MalformedHeader(s3Errors, "the SignedHeaders are mal-formed.", $"Invalid SignedHeaders '{signedHeadersValue}'. Authorization={authorization}");

        var (requestTime, amzDate) = ReadRequestTime(request, authorization, s3Errors);
        if (amzDate[..8] != scope.Date)
        {
            throw s3Errors
                ? SigV4Errors.MalformedHeader(s3Errors, "Invalid credential date. Date is not the same as X-Amz-Date.", "")
                : new SigV4Exception(
                    "SignatureDoesNotMatch",
                    $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope.Date}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        return new ParsedSignature(
            scope.AccessKeyId,
            requestTime,
            scope.Date,
            scope.Region,
            scope.Service,
            signedHeaders,
            signature,
            IsPresigned: false,
            ExpiresSeconds: null,
            SecurityToken: request.FirstHeader("X-Amz-Security-Token"),
            PayloadHash: ReadPayloadHash(request, s3Errors));
    }

    private static Dictionary<string, string> ReadComponents(string authorization, bool s3Errors)
    {
        var algorithmEnd = authorization.IndexOf(' ');
        var algorithm = algorithmEnd < 0 ? authorization : authorization[..algorithmEnd];
        if (algorithm != SigV4Constants.Algorithm)
        {
            throw SigV4Errors.UnsupportedAlgorithm();
        }

        var components = new Dictionary<string, string>(StringComparer.Ordinal);
        if (algorithmEnd < 0)
        {
            return components;
        }

        foreach (var range in authorization.AsSpan(algorithmEnd + 1).Split(','))
        {
            var component = authorization.AsSpan(algorithmEnd + 1)[range].Trim();
            var equals = component.IndexOf('=');
            if (equals <= 0)
            {
                throw SigV4Errors.MalformedHeader(
                    s3Errors, "the authorization component is mal-formed.", $"Authorization header requires key=value components. Authorization={authorization}");
            }

            if (!components.TryAdd(component[..equals].ToString(), component[(equals + 1)..].ToString()))
            {
                throw SigV4Errors.MalformedHeader(
                    s3Errors, "a component is repeated.", $"Authorization header components must not repeat. Authorization={authorization}");
            }
        }

        return components;
    }

    private static SigV4Exception MissingComponents(string authorization, string? credential, string? signedHeaders, string? signature, bool s3Errors)
    {
        var missing = new List<string>();
        if (credential is null)
        {
            missing.Add("Authorization header requires 'Credential' parameter.");
        }

        if (signature is null)
        {
            missing.Add("Authorization header requires 'Signature' parameter.");
        }

        if (signedHeaders is null)
        {
            missing.Add("Authorization header requires 'SignedHeaders' parameter.");
        }

        return SigV4Errors.MalformedHeader(
            s3Errors, "incorrect number of components.", $"{string.Join(' ', missing)} Authorization={authorization}");
    }

    private static (DateTimeOffset Time, string AmzDate) ReadRequestTime(SigV4Request request, string authorization, bool s3Errors)
    {
        var amzDate = request.FirstHeader("X-Amz-Date");
        if (amzDate is not null)
        {
            return AmzDateFormat.TryParse(amzDate.Trim(), out var time)
                ? (time, AmzDateFormat.Format(time))
                : throw InvalidDate(amzDate, authorization, s3Errors);
        }

        var httpDate = request.FirstHeader("Date");
        if (httpDate is not null && AmzDateFormat.TryParseHttpDate(httpDate.Trim(), out var dateHeaderTime))
        {
            return (dateHeaderTime, AmzDateFormat.Format(dateHeaderTime));
        }

        throw httpDate is null ? MissingDate(authorization, s3Errors) : InvalidDate(httpDate, authorization, s3Errors);
    }

    private static SigV4Exception MissingDate(string authorization, bool s3Errors) => s3Errors
        ? new("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header")
        : new("IncompleteSignature", $"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={authorization}", 400);

    private static SigV4Exception InvalidDate(string value, string authorization, bool s3Errors) => s3Errors
        ? MissingDate(authorization, s3Errors)
        : new("IncompleteSignature", $"Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601", 400);

    private static string? ReadPayloadHash(SigV4Request request, bool s3Errors)
    {
        var payloadHash = request.FirstHeader("X-Amz-Content-SHA256")?.Trim();
        if (!s3Errors)
        {
            return payloadHash;
        }

        if (payloadHash is null)
        {
            throw new SigV4Exception("InvalidRequest", "Missing required header for this request: x-amz-content-sha256", 400);
        }

        if (!SigV4Constants.IsHexSha256(payloadHash) && AwsChunked.ModeFor(payloadHash) is null && payloadHash != SigV4Constants.UnsignedPayload)
        {
            throw new SigV4Exception(
                "InvalidArgument",
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
                400);
        }

        return payloadHash;
    }
}
