using System.Text.Json.Nodes;

namespace Sagewright.Protocol.Model;

/// <summary>Builds <see cref="ServiceModel"/>s from the extracted botocore JSON embedded in this assembly.</summary>
public static class ServiceModelLoader
{
    public static IReadOnlyList<ServiceModel> LoadEmbedded()
    {
        var assembly = typeof(ServiceModelLoader).Assembly;
        var patches = ReadResource("service-model-patches.json");
        var models = new List<ServiceModel>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("ServiceModels.", StringComparison.Ordinal)).Order())
        {
            var name = resource["ServiceModels.".Length..^".json".Length];
            models.Add(Load(name, ReadResource(resource), patches));
        }
        return models;

        JsonObject ReadResource(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
            return JsonNode.Parse(stream)!.AsObject();
        }
    }

    public static ServiceModel Load(string name, JsonObject json, JsonObject patches)
    {
        var metadata = json["metadata"]!.AsObject();
        var servicePatch = patches["services"]?[name]?.AsObject()
            ?? throw new InvalidOperationException($"service-model-patches.json has no entry for {name}.");
        var endpointPrefix = (string)metadata["endpointPrefix"]!;
        var service = new ServiceModel
        {
            Name = name,
            Protocol = ParseProtocol((string)metadata["protocol"]!, metadata),
            SigningName = (string?)metadata["signingName"] ?? endpointPrefix,
            EndpointPrefix = endpointPrefix,
            ApiVersion = (string)metadata["apiVersion"]!,
            TargetPrefix = (string?)metadata["targetPrefix"],
            JsonVersion = (string?)metadata["jsonVersion"],
            XmlNamespace = (string?)metadata["xmlNamespace"],
            ServiceId = (string?)metadata["serviceId"],
            IamPrefix = (string)servicePatch["iamPrefix"]!,
            ValidationErrorCode = (string)servicePatch["validationErrorCode"]!,
        };

        var shapePatches = patches["shapes"]?[name]?.AsObject();
        var shapeJson = json["shapes"]!.AsObject();
        var shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        foreach (var (shapeName, node) in shapeJson)
        {
            var s = node!.AsObject();
            if (shapePatches?[shapeName] is JsonObject patch)
            {
                s = (JsonObject)s.DeepClone();
                foreach (var (k, v) in patch)
                {
                    s[k] = v?.DeepClone();
                }
            }
            shapes[shapeName] = CreateShape(shapeName, s);
        }
        foreach (var (shapeName, node) in shapeJson)
        {
            LinkMembers(shapes[shapeName], node!.AsObject(), shapes);
        }
        service.Shapes = shapes;

        var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var (opName, node) in json["operations"]!.AsObject())
        {
            var op = node!.AsObject();
            var http = op["http"]?.AsObject();
            operations[opName] = new OperationModel
            {
                Service = service,
                Name = opName,
                HttpMethod = (string?)http?["method"] ?? "POST",
                RequestUri = (string?)http?["requestUri"] ?? "/",
                ResponseCode = (int?)http?["responseCode"] ?? 200,
                Input = ShapeRef(op["input"]),
                Output = ShapeRef(op["output"]),
                ResultWrapper = (string?)op["output"]?["resultWrapper"],
                Errors = op["errors"]?.AsArray().Select(e => shapes[(string)e!["shape"]!]).ToArray() ?? [],
                Deprecated = (bool?)op["deprecated"] ?? false,
            };
        }
        service.Operations = operations;
        return service;

        Shape? ShapeRef(JsonNode? reference) =>
            reference?["shape"] is JsonNode shapeName ? shapes[(string)shapeName!] : null;
    }

    private static WireProtocol ParseProtocol(string protocol, JsonObject metadata)
    {
        // Newer models list several protocols (CloudWatch: smithy-rpc-v2-cbor, json, query); we pick the
        // first one we speak from "protocols", falling back to "protocol".
        var candidates = metadata["protocols"]?.AsArray().Select(p => (string)p!).ToList() ?? [protocol];
        foreach (var candidate in candidates.Append(protocol))
        {
            WireProtocol? parsed = candidate switch
            {
                "json" => WireProtocol.Json,
                "rest-json" => WireProtocol.RestJson,
                "rest-xml" => WireProtocol.RestXml,
                "query" => WireProtocol.Query,
                _ => null,
            };
            if (parsed is { } p)
            {
                return p;
            }
        }
        throw new InvalidOperationException($"Unsupported protocol {protocol}.");
    }

    private static Shape CreateShape(string name, JsonObject s)
    {
        var error = s["error"]?.AsObject();
        return new Shape
        {
            Name = name,
            Type = ParseType((string)s["type"]!),
            Required = s["required"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal) ?? [],
            Min = (double?)s["min"],
            Max = (double?)s["max"],
            Pattern = (string?)s["pattern"],
            Enum = s["enum"]?.AsArray().Select(e => (string)e!).ToArray(),
            Flattened = (bool?)s["flattened"] ?? false,
            LocationName = (string?)s["locationName"],
            TimestampFormat = (string?)s["timestampFormat"],
            XmlNamespace = (string?)s["xmlNamespace"]?["uri"],
            Payload = (string?)s["payload"],
            Streaming = (bool?)s["streaming"] ?? false,
            EventStream = (bool?)s["eventstream"] ?? false,
            Document = (bool?)s["document"] ?? false,
            Sensitive = (bool?)s["sensitive"] ?? false,
            IsError = (bool?)s["exception"] ?? false,
            ErrorCode = (string?)error?["code"],
            ErrorStatusCode = (int?)error?["httpStatusCode"],
            ErrorSenderFault = (bool?)error?["senderFault"] ?? true,
        };
    }

    private static void LinkMembers(Shape shape, JsonObject s, Dictionary<string, Shape> shapes)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                shape.Members = s["members"]?.AsObject()
                    .Select(kv => CreateMember(kv.Key, kv.Value!.AsObject(), shapes)).ToArray() ?? [];
                break;
            case ShapeType.List:
                shape.ListMember = CreateMember("member", s["member"]!.AsObject(), shapes);
                break;
            case ShapeType.Map:
                shape.MapKey = CreateMember("key", s["key"]!.AsObject(), shapes);
                shape.MapValue = CreateMember("value", s["value"]!.AsObject(), shapes);
                break;
        }
    }

    private static Member CreateMember(string name, JsonObject m, Dictionary<string, Shape> shapes) => new()
    {
        Name = name,
        Shape = shapes[(string)m["shape"]!],
        Location = (string?)m["location"],
        LocationName = (string?)m["locationName"],
        Flattened = (bool?)m["flattened"] ?? false,
        XmlNamespaceUri = (string?)m["xmlNamespace"]?["uri"],
        XmlNamespacePrefix = (string?)m["xmlNamespace"]?["prefix"],
        XmlAttribute = (bool?)m["xmlAttribute"] ?? false,
        TimestampFormat = (string?)m["timestampFormat"],
        IdempotencyToken = (bool?)m["idempotencyToken"] ?? false,
        HostLabel = (bool?)m["hostLabel"] ?? false,
        QueryName = (string?)m["queryName"],
        JsonValue = (bool?)m["jsonvalue"] ?? false,
    };

    private static ShapeType ParseType(string type) => type switch
    {
        "structure" => ShapeType.Structure,
        "list" => ShapeType.List,
        "map" => ShapeType.Map,
        "string" => ShapeType.String,
        "integer" => ShapeType.Integer,
        "long" => ShapeType.Long,
        "float" => ShapeType.Float,
        "double" => ShapeType.Double,
        "boolean" => ShapeType.Boolean,
        "timestamp" => ShapeType.Timestamp,
        "blob" => ShapeType.Blob,
        "bigInteger" => ShapeType.BigInteger,
        "bigDecimal" => ShapeType.BigDecimal,
        "byte" => ShapeType.Byte,
        "short" => ShapeType.Short,
        _ => throw new InvalidOperationException($"Unknown shape type {type}."),
    };
}
