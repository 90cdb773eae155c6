using Sagewright.Core;

namespace Sagewright.Protocol.Codecs;

/// <summary>Errors for input that cannot be deserialized, in each protocol's vocabulary.</summary>
public static class ProtocolErrors
{
    public static AwsServiceException Serialization(string message) => new("SerializationException", message, 400);

    public static AwsServiceException MalformedXml(string message) =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema: " + message, 400);

    public static AwsServiceException MalformedQuery(string message) => new("MalformedQueryString", message, 400);
}
