using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// Reads request XML (S3's CreateBucketConfiguration, Delete, CompleteMultipartUpload, Tagging...) into the
/// JSON-protocol form of a shape, with <see cref="XmlShapeWriter"/>'s list and map conventions. Element names
/// are matched by local name, so a missing or different namespace is accepted as S3 accepts it; unknown
/// elements are ignored. DTDs are refused (no entity expansion, no external fetches).
/// </summary>
public static class XmlShapeReader
{
    /// <summary>The largest document accepted, in characters: a 1000-key DeleteObjects with 1024-byte keys is about 1.2 MB.</summary>
    public const long MaxDocumentCharacters = 4 * 1024 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxDocumentCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        // Whitespace-only text must survive: a tag value of " " is a value.
        IgnoreWhitespace = false,
    };

    /// <summary>Parses a document whose root element holds the members of <paramref name="shape"/>.</summary>
    public static JsonObject ReadDocument(ReadOnlyMemory<byte> body, Shape shape)
    {
        XElement root;
        try
        {
            using var stream = MemoryMarshal.TryGetArray(body, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            root = XElement.Load(reader);
        }
        catch (XmlException e)
        {
            throw ProtocolErrors.MalformedXml(e.Message);
        }
        return ReadStructure(root, shape);
    }

    public static JsonObject ReadStructure(XElement element, Shape shape)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members.Where(m => m.XmlAttribute))
        {
            if (FindAttribute(element, member.WireName) is { } attribute)
            {
                result[member.Name] = ReadScalar(attribute.Value, member.Shape, member.WireName);
            }
        }
        foreach (var child in element.Elements())
        {
            var member = FindMember(shape, child.Name.LocalName);
            if (member is null || member.Location is not null || member.XmlAttribute)
            {
                continue;
            }
            if (IsFlattened(member) && member.Shape.Type == ShapeType.List)
            {
                AppendTo(result, member.Name, () => new JsonArray()).AsArray().Add(ReadValue(child, member.Shape.ListMember!.Shape));
            }
            else if (IsFlattened(member) && member.Shape.Type == ShapeType.Map)
            {
                AddEntry(AppendTo(result, member.Name, () => new JsonObject()).AsObject(), child, member.Shape);
            }
            else
            {
                result[member.Name] = ReadValue(child, member.Shape);
            }
        }
        return result;
    }

    public static JsonNode ReadValue(XElement element, Shape shape)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                return ReadStructure(element, shape);
            case ShapeType.List:
                var list = new JsonArray();
                foreach (var item in element.Elements())
                {
                    list.Add(ReadValue(item, shape.ListMember!.Shape));
                }
                return list;
            case ShapeType.Map:
                var map = new JsonObject();
                foreach (var entry in element.Elements())
                {
                    AddEntry(map, entry, shape);
                }
                return map;
            default:
                return ReadScalar(element.Value, shape, element.Name.LocalName);
        }
    }

    private static void AddEntry(JsonObject map, XElement entry, Shape mapShape)
    {
        var keyName = mapShape.MapKey!.LocationName ?? "key";
        var valueName = mapShape.MapValue!.LocationName ?? "value";
        var key = entry.Elements().FirstOrDefault(e => e.Name.LocalName == keyName)?.Value
            ?? throw ProtocolErrors.MalformedXml($"A map entry of {entry.Name.LocalName} has no <{keyName}>.");
        var value = entry.Elements().FirstOrDefault(e => e.Name.LocalName == valueName);
        map[key] = value is null ? null : ReadValue(value, mapShape.MapValue.Shape);
    }

    private static JsonNode ReadScalar(string text, Shape shape, string name) =>
        RestBindings.TryParseScalar(text, shape, out var value)
            ? value
            : throw ProtocolErrors.MalformedXml($"'{text}' is not a valid {shape.Type.ToString().ToLowerInvariant()} for {name}.");

    /// <summary>The element name of a member: flattened lists repeat their item name, like the writer.</summary>
    private static Member? FindMember(Shape shape, string elementName)
    {
        foreach (var member in shape.Members)
        {
            if (member.WireName == elementName
                || (IsFlattened(member) && member.Shape.Type == ShapeType.List && member.LocationName is null
                    && member.Shape.ListMember!.LocationName == elementName))
            {
                return member;
            }
        }
        return null;
    }

    private static bool IsFlattened(Member member) => member.Flattened || member.Shape.Flattened;

    private static JsonNode AppendTo(JsonObject result, string name, Func<JsonNode> create)
    {
        if (result[name] is not { } existing)
        {
            result[name] = existing = create();
        }
        return existing;
    }

    private static XAttribute? FindAttribute(XElement element, string wireName)
    {
        // "xsi:type" is an attribute "type" in the XML Schema instance namespace.
        var colon = wireName.IndexOf(':');
        var localName = colon < 0 ? wireName : wireName[(colon + 1)..];
        return element.Attributes().FirstOrDefault(a => a.Name.LocalName == localName && !a.IsNamespaceDeclaration);
    }
}
