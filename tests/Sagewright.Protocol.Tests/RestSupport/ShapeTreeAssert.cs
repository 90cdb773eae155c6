using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Tests.RestSupport;

/// <summary>
/// Compares two values of a shape in JSON-protocol form, by meaning: timestamps as instants (ISO text from
/// botocore vs DateTimeOffset in our trees), blobs as bytes, numbers as numbers. jsonvalue members (a string
/// shape holding any JSON) compare as JSON.
/// </summary>
internal static class ShapeTreeAssert
{
    public static void Equivalent(Shape shape, JsonNode? expected, JsonNode? actual, string path, IReadOnlySet<string>? ignoredMembers = null)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected?.ToJsonString() ?? "nothing"}, got {actual?.ToJsonString() ?? "nothing"}");
            return;
        }
        switch (shape.Type)
        {
            case ShapeType.Structure:
                var (e, a) = (expected.AsObject(), actual.AsObject());
                var expectedKeys = PresentKeys(e, ignoredMembers);
                var actualKeys = PresentKeys(a, ignoredMembers);
                Assert.True(expectedKeys.SequenceEqual(actualKeys), $"{path}: members [{string.Join(", ", expectedKeys)}] expected, got [{string.Join(", ", actualKeys)}]");
                foreach (var key in expectedKeys)
                {
                    var member = shape.FindMember(key) ?? throw new InvalidOperationException($"{path}: {shape.Name} has no member {key}");
                    Equivalent(member.Shape, e[key], a[key], $"{path}.{key}");
                }
                break;
            case ShapeType.List:
                var (expectedItems, actualItems) = (expected.AsArray(), actual.AsArray());
                Assert.True(expectedItems.Count == actualItems.Count, $"{path}: {expectedItems.Count} items expected, got {actualItems.Count}: {actual.ToJsonString()}");
                for (var i = 0; i < expectedItems.Count; i++)
                {
                    Equivalent(shape.ListMember!.Shape, expectedItems[i], actualItems[i], $"{path}[{i}]");
                }
                break;
            case ShapeType.Map:
                var (expectedMap, actualMap) = (expected.AsObject(), actual.AsObject());
                Assert.Equal(expectedMap.Select(p => p.Key).Order(), actualMap.Select(p => p.Key).Order());
                foreach (var (key, value) in expectedMap)
                {
                    Equivalent(shape.MapValue!.Shape, value, actualMap[key], $"{path}[{key}]");
                }
                break;
            case ShapeType.Timestamp:
                Assert.True(NodeValues.ToTimestamp(expected) == NodeValues.ToTimestamp(actual),
                    $"{path}: {NodeValues.ToTimestamp(expected):O} expected, got {NodeValues.ToTimestamp(actual):O}");
                break;
            case ShapeType.Blob:
                Assert.True(Convert.FromBase64String(NodeValues.ToText(expected)).SequenceEqual(Convert.FromBase64String(NodeValues.ToText(actual))),
                    $"{path}: blob {expected} expected, got {actual}");
                break;
            case ShapeType.Boolean:
                Assert.True(NodeValues.ToBoolean(expected) == NodeValues.ToBoolean(actual), $"{path}: {expected} expected, got {actual}");
                break;
            case ShapeType.Integer or ShapeType.Long or ShapeType.Short or ShapeType.Byte or ShapeType.BigInteger
                or ShapeType.Float or ShapeType.Double or ShapeType.BigDecimal:
                Assert.True(NodeValues.ToDouble(expected) == NodeValues.ToDouble(actual), $"{path}: {expected} expected, got {actual}");
                break;
            case ShapeType.String when expected.GetValueKind() != JsonValueKind.String:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: JSON {expected.ToJsonString()} expected, got {actual.ToJsonString()}");
                break;
            case ShapeType.String when TimestampTexts(expected, actual) is var (expectedInstant, actualInstant):
                // botocore customizes S3's string Expires header into a timestamp; our model keeps the string.
                Assert.True(expectedInstant == actualInstant, $"{path}: {expected} expected, got {actual}");
                break;
            default:
                Assert.Equal(NodeValues.ToText(expected), NodeValues.ToText(actual));
                break;
        }
    }

    // botocore reports some absent members as None (GetBucketLocation's LocationConstraint in us-east-1).
    private static string[] PresentKeys(JsonObject value, IReadOnlySet<string>? ignored) =>
        value.Where(p => p.Value is not null && ignored?.Contains(p.Key) != true).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    private static (DateTimeOffset, DateTimeOffset)? TimestampTexts(JsonNode expected, JsonNode actual)
    {
        var (e, a) = (NodeValues.ToText(expected), NodeValues.ToText(actual));
        return e != a && DateTimeOffset.TryParse(e, CultureInfo.InvariantCulture, out var expectedInstant)
            && DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, out var actualInstant)
            ? (expectedInstant, actualInstant)
            : null;
    }
}
