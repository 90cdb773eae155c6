using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Codecs;

/// <summary>The codec of each wire protocol.</summary>
public sealed class CodecSet
{
    private readonly IProtocolCodec _json = new JsonCodec();
    private readonly IProtocolCodec _query = new QueryCodec();
    private readonly IProtocolCodec _restJson = new RestJsonCodec();
    private readonly IProtocolCodec _restXml = new RestXmlCodec();

    public IProtocolCodec For(ServiceModel service) => service.Protocol switch
    {
        WireProtocol.Json => _json,
        WireProtocol.Query => _query,
        WireProtocol.RestJson => _restJson,
        WireProtocol.RestXml => _restXml,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service.Protocol, "Unknown protocol."),
    };
}
