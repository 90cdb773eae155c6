using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sagewright.S3.Storage;

/// <summary>The JSON columns of S3's tables (segments, sealed keys, checksums), source-generated.</summary>
[JsonSerializable(typeof(List<Segment>))]
[JsonSerializable(typeof(Segment))]
[JsonSerializable(typeof(SealedKey))]
[JsonSerializable(typeof(ObjectChecksum))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class StoredJson : JsonSerializerContext
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);

    public static T Read<T>(string json) => (T)JsonSerializer.Deserialize(json, typeof(T), Default)!;

    public static T? ReadOrNull<T>(string? json) where T : class => json is null ? null : Read<T>(json);

    public static JsonObject ReadObject(string json) => JsonNode.Parse(json)!.AsObject();
}
