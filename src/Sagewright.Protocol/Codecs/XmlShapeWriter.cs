using System.Text.Json.Nodes;
using System.Xml;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// Writes values in JSON-protocol form as the XML of a shape, with the list/map conventions shared by the
/// query and rest-xml protocols: wrapped lists use the element's locationName (default "member"), flattened
/// lists repeat the member element; maps use entry/key/value unless flattened.
/// </summary>
public static class XmlShapeWriter
{
    /// <summary>Writes the members of a structure (not the enclosing element).</summary>
    public static void WriteMembers(XmlWriter writer, Shape shape, JsonObject? value, string timestampFormat)
    {
        if (value is null)
        {
            return;
        }
        foreach (var member in shape.Members)
        {
            if (member.Location is not null || member.XmlAttribute || !value.TryGetPropertyValue(member.Name, out var memberValue) || memberValue is null)
            {
                continue;
            }
            WriteMember(writer, member, memberValue, timestampFormat);
        }
    }

    public static void WriteMember(XmlWriter writer, Member member, JsonNode value, string timestampFormat)
    {
        var shape = member.Shape;
        var flattened = member.Flattened || shape.Flattened;
        switch (shape.Type)
        {
            case ShapeType.List when flattened:
                var itemName = member.LocationName ?? shape.ListMember!.LocationName ?? member.Name;
                foreach (var item in value.AsArray())
                {
                    WriteElement(writer, itemName, shape.ListMember!, item, timestampFormat);
                }
                break;
            case ShapeType.Map when flattened:
                foreach (var (key, item) in value.AsObject())
                {
                    writer.WriteStartElement(member.WireName);
                    WriteMapEntry(writer, shape, key, item, timestampFormat);
                    writer.WriteEndElement();
                }
                break;
            default:
                WriteElement(writer, member.WireName, member, value, timestampFormat, member.XmlNamespaceUri, member.XmlNamespacePrefix);
                break;
        }
    }

    public static void WriteElement(XmlWriter writer, string name, Member member, JsonNode? value, string timestampFormat,
        string? namespaceUri = null, string? namespacePrefix = null)
    {
        if (namespaceUri is not null && namespacePrefix is not null)
        {
            writer.WriteStartElement(name);
            writer.WriteAttributeString("xmlns", namespacePrefix, null, namespaceUri);
        }
        else if (namespaceUri is not null)
        {
            writer.WriteStartElement(name, namespaceUri);
        }
        else
        {
            writer.WriteStartElement(name);
        }
        if (value is not null)
        {
            WriteContent(writer, member.Shape, value, member.TimestampFormat ?? member.Shape.TimestampFormat ?? timestampFormat);
        }
        writer.WriteEndElement();
    }

    /// <summary>Writes the content (attributes, children or text) of the element that holds a value.</summary>
    public static void WriteContent(XmlWriter writer, Shape shape, JsonNode value, string timestampFormat)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                var obj = value.AsObject();
                foreach (var attribute in shape.Members.Where(m => m.XmlAttribute))
                {
                    if (obj.TryGetPropertyValue(attribute.Name, out var attrValue) && attrValue is not null)
                    {
                        WriteAttribute(writer, attribute, NodeValues.ToText(attrValue));
                    }
                }
                WriteMembers(writer, shape, obj, timestampFormat);
                break;
            case ShapeType.List:
                var itemName = shape.ListMember!.LocationName ?? "member";
                foreach (var item in value.AsArray())
                {
                    WriteElement(writer, itemName, shape.ListMember, item, timestampFormat);
                }
                break;
            case ShapeType.Map:
                foreach (var (key, item) in value.AsObject())
                {
                    writer.WriteStartElement("entry");
                    WriteMapEntry(writer, shape, key, item, timestampFormat);
                    writer.WriteEndElement();
                }
                break;
            case ShapeType.Timestamp:
                writer.WriteString(TimestampFormats.Format(NodeValues.ToTimestamp(value), timestampFormat));
                break;
            default:
                writer.WriteString(NodeValues.ToText(value));
                break;
        }
    }

    private static void WriteMapEntry(XmlWriter writer, Shape map, string key, JsonNode? value, string timestampFormat)
    {
        writer.WriteElementString(map.MapKey!.LocationName ?? "key", key);
        WriteElement(writer, map.MapValue!.LocationName ?? "value", map.MapValue, value, timestampFormat);
    }

    private static void WriteAttribute(XmlWriter writer, Member attribute, string text)
    {
        // S3 Grantee's xsi:type is the one attribute AWS models use. The namespace is declared on the
        // enclosing member (Grants.Grant.Grantee carries xmlns:xsi), not on the attribute itself.
        var name = attribute.WireName;
        var colon = name.IndexOf(':');
        if (colon > 0)
        {
            var prefix = name[..colon];
            var ns = attribute.XmlNamespaceUri ?? (prefix == "xsi" ? XmlSchemaInstance : null)
                ?? throw new InvalidOperationException($"Attribute {name} has no namespace for prefix {prefix}.");
            writer.WriteAttributeString(prefix, name[(colon + 1)..], ns, text);
        }
        else
        {
            writer.WriteAttributeString(name, text);
        }
    }

    private const string XmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";
}
