namespace Sagewright.Protocol.Model;

public enum ShapeType
{
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
    BigInteger,
    BigDecimal,
    Byte,
    Short,
}

/// <summary>A shape of an AWS service model (botocore's service-2.json vocabulary).</summary>
public sealed class Shape
{
    public required string Name { get; init; }
    public required ShapeType Type { get; init; }

    /// <summary>Structure members in model order.</summary>
    public IReadOnlyList<Member> Members { get; internal set; } = [];
    public IReadOnlySet<string> Required { get; init; } = new HashSet<string>();

    /// <summary>List element.</summary>
    public Member? ListMember { get; internal set; }
    public Member? MapKey { get; internal set; }
    public Member? MapValue { get; internal set; }

    public double? Min { get; init; }
    public double? Max { get; init; }
    public string? Pattern { get; init; }
    public IReadOnlyList<string>? Enum { get; init; }
    public bool Flattened { get; init; }
    public string? LocationName { get; init; }
    public string? TimestampFormat { get; init; }
    public string? XmlNamespace { get; init; }

    /// <summary>Name of the member bound to the whole HTTP body (rest protocols).</summary>
    public string? Payload { get; init; }
    public bool Streaming { get; init; }
    public bool EventStream { get; init; }
    public bool Document { get; init; }
    public bool Sensitive { get; init; }

    public bool IsError { get; init; }
    public string? ErrorCode { get; init; }
    public int? ErrorStatusCode { get; init; }
    public bool ErrorSenderFault { get; init; } = true;

    private Dictionary<string, Member>? _byName;

    public Member? FindMember(string name)
    {
        _byName ??= Members.ToDictionary(m => m.Name, StringComparer.Ordinal);
        return _byName.GetValueOrDefault(name);
    }

    public bool IsScalar => Type is not (ShapeType.Structure or ShapeType.List or ShapeType.Map);

    public override string ToString() => $"{Name} ({Type})";
}

/// <summary>A member of a structure, or a list element / map key / map value.</summary>
public sealed class Member
{
    public required string Name { get; init; }
    public required Shape Shape { get; init; }

    /// <summary>uri, querystring, header, headers, statusCode, or null for the body.</summary>
    public string? Location { get; init; }
    public string? LocationName { get; init; }
    public bool Flattened { get; init; }
    public string? XmlNamespaceUri { get; init; }
    public string? XmlNamespacePrefix { get; init; }
    public bool XmlAttribute { get; init; }
    public string? TimestampFormat { get; init; }
    public bool IdempotencyToken { get; init; }
    public bool HostLabel { get; init; }
    public string? QueryName { get; init; }

    /// <summary>A string member that carries JSON; in a header it travels base64-encoded (botocore's <c>jsonvalue</c>).</summary>
    public bool JsonValue { get; init; }

    /// <summary>The name on the wire in the body (locationName when given, else the member name).</summary>
    public string WireName => LocationName ?? Name;

    public override string ToString() => $"{Name}: {Shape.Name}";
}
