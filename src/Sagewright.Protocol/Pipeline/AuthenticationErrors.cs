using Sagewright.Core;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Pipeline;

/// <summary>Authentication failures in the vocabulary each protocol's clients expect.</summary>
public static class AuthenticationErrors
{
    public static AwsServiceException InvalidAccessKey(ServiceModel service) => service.Protocol switch
    {
        WireProtocol.RestXml => new("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403),
        WireProtocol.Query => new("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
        _ => new("UnrecognizedClientException", "The security token included in the request is invalid.", 400),
    };

    public static AwsServiceException ExpiredToken(ServiceModel service) => service.Protocol switch
    {
        WireProtocol.RestXml => new("ExpiredToken", "The provided token has expired.", 400),
        WireProtocol.Query => new("ExpiredToken", "The security token included in the request is expired", 403),
        _ => new("ExpiredTokenException", "The security token included in the request is expired", 400),
    };
}
