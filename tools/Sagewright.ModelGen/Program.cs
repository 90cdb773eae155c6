using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

// Extracts the parts of botocore service models that Sagewright's protocol layer needs
// (metadata, operations, shapes, errors) and drops all documentation text and examples.
// Usage: dotnet run --project tools/Sagewright.ModelGen -- <botocore data dir> <output dir>

string[] services =
[
    "sagemaker", "sagemaker-runtime", "sagemaker-edge", "s3", "sts", "iam", "kms", "events",
    "cloudwatch", "personalize", "personalize-runtime", "personalize-events", "lex-runtime", "lex-models",
];
HashSet<string> droppedKeys = ["documentation", "documentationUrl", "deprecatedMessage", "examples", "docs"];

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Sagewright.ModelGen <botocore data dir> <output dir>");
    return 2;
}

var (dataDir, outDir) = (args[0], args[1]);
Directory.CreateDirectory(outDir);
foreach (var service in services)
{
    var versionDir = Directory.GetDirectories(Path.Combine(dataDir, service)).Order(StringComparer.Ordinal).Last();
    var file = Directory.GetFiles(versionDir, "service-2.json*").Single();
    using var raw = File.OpenRead(file);
    using Stream input = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
    var model = JsonNode.Parse(input)!.AsObject();
    var extracted = new JsonObject
    {
        ["metadata"] = Strip(model["metadata"]!),
        ["operations"] = Strip(model["operations"]!),
        ["shapes"] = Strip(model["shapes"]!),
    };
    var target = Path.Combine(outDir, service + ".json");
    File.WriteAllText(target, extracted.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n");
    Console.WriteLine($"{service}: {model["operations"]!.AsObject().Count} operations -> {target}");
}
return 0;

JsonNode Strip(JsonNode node)
{
    switch (node)
    {
        case JsonObject obj:
            var copy = new JsonObject();
            foreach (var (key, value) in obj)
            {
                if (!droppedKeys.Contains(key))
                {
                    copy[key] = value is null ? null : Strip(value);
                }
            }
            return copy;
        case JsonArray arr:
            return new JsonArray(arr.Select(v => v is null ? null : Strip(v)).ToArray());
        default:
            return node.DeepClone();
    }
}
