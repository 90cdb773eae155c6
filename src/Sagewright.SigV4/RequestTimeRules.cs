namespace Sagewright.SigV4;

/// <summary>When a signature is valid in time: 15 minutes either side for header-signed requests; from X-Amz-Date
/// (less 15 minutes of skew) to X-Amz-Date + X-Amz-Expires for presigned ones.</summary>
internal static class RequestTimeRules
{
    public static void Check(ParsedSignature sig, DateTimeOffset now, bool s3Errors)
    {
        var skew = SigV4Constants.MaxClockSkew;
        if (!sig.IsPresigned)
        {
            if (sig.RequestTime < now - skew || sig.RequestTime > now + skew)
            {
                throw SigV4Errors.Skewed(s3Errors, sig, now);
            }

            return;
        }

        var expires = sig.ExpiresSeconds ?? throw SigV4Errors.QueryParameters("X-Amz-Expires is required for a presigned request.");
        PresignedQueryParser.ValidateExpires(expires);
        if (sig.RequestTime > now + skew)
        {
            throw SigV4Errors.PresignNotYetValid(s3Errors, sig, now);
        }

        if (now > sig.RequestTime.AddSeconds(expires))
        {
            throw SigV4Errors.PresignExpired(s3Errors, sig, now);
        }
    }
}
