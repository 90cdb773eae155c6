using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sagewright.Core;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Codecs;

/// <summary>
/// Checks an input against its shape's constraints (required, length, range, pattern, enum) and reports all
/// violations in AWS's wording: "2 validation errors detected: Value null at 'roleName' failed to satisfy
/// constraint: Member must not be null; ...".
/// </summary>
public static class ShapeValidator
{
    private static readonly ConcurrentDictionary<string, Regex?> Patterns = new();

    public static void Validate(ServiceModel service, Shape shape, JsonObject input)
    {
        var errors = new List<string>();
        ValidateStructure(shape, input, "", errors);
        if (errors.Count > 0)
        {
            var count = errors.Count == 1 ? "1 validation error detected: " : $"{errors.Count} validation errors detected: ";
            throw AwsServiceException.Validation(count + string.Join("; ", errors), service.ValidationErrorCode);
        }
    }

    private static void ValidateStructure(Shape shape, JsonObject value, string path, List<string> errors)
    {
        foreach (var member in shape.Members)
        {
            var memberPath = path.Length == 0 ? CamelCase(member.Name) : $"{path}.{CamelCase(member.Name)}";
            if (!value.TryGetPropertyValue(member.Name, out var memberValue) || memberValue is null)
            {
                // Payload blobs are streamed, not in the tree.
                if (shape.Required.Contains(member.Name) && !(shape.Payload == member.Name && member.Shape.Type == ShapeType.Blob))
                {
                    errors.Add($"Value null at '{memberPath}' failed to satisfy constraint: Member must not be null");
                }
                continue;
            }
            ValidateValue(member.Shape, memberValue, memberPath, errors);
        }
    }

    private static void ValidateValue(Shape shape, JsonNode value, string path, List<string> errors)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure when value is JsonObject obj:
                ValidateStructure(shape, obj, path, errors);
                break;
            case ShapeType.List when value is JsonArray list:
                CheckLength(shape, list.Count, Describe(shape, value), path, errors);
                var i = 1;
                foreach (var item in list)
                {
                    if (item is not null)
                    {
                        ValidateValue(shape.ListMember!.Shape, item, $"{path}.{i}.member", errors);
                    }
                    i++;
                }
                break;
            case ShapeType.Map when value is JsonObject map:
                CheckLength(shape, map.Count, Describe(shape, value), path, errors);
                foreach (var (key, item) in map)
                {
                    ValidateValue(shape.MapKey!.Shape, JsonValue.Create(key), $"{path}.{key}.key", errors);
                    if (item is not null)
                    {
                        ValidateValue(shape.MapValue!.Shape, item, $"{path}.{key}.value", errors);
                    }
                }
                break;
            case ShapeType.String:
                var text = NodeValues.ToText(value);
                CheckLength(shape, new StringInfo(text).LengthInTextElements, Describe(shape, value), path, errors);
                if (shape.Enum is { Count: > 0 } values && !values.Contains(text))
                {
                    errors.Add($"Value {Describe(shape, value)} at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values)}]");
                }
                if (shape.Pattern is { } pattern && Compile(pattern) is { } regex && !Matches(regex, text))
                {
                    errors.Add($"Value {Describe(shape, value)} at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");
                }
                break;
            case ShapeType.Blob:
                CheckLength(shape, DecodedLength(NodeValues.ToText(value)), Describe(shape, value), path, errors);
                break;
            case ShapeType.Integer or ShapeType.Long or ShapeType.Float or ShapeType.Double:
                var number = NodeValues.ToDouble(value);
                if (shape.Min is { } min && number < min)
                {
                    errors.Add($"Value '{Describe(shape, value)}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
                }
                if (shape.Max is { } max && number > max)
                {
                    errors.Add($"Value '{Describe(shape, value)}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
                }
                break;
        }
    }

    /// <summary>Bytes a base64 text decodes to; the '=' padding carries none (4096 bytes are 5464 characters).</summary>
    private static int DecodedLength(string base64) => base64.Length * 3 / 4 - (base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0);

    private static void CheckLength(Shape shape, int length, string shown, string path, List<string> errors)
    {
        if (shape.Min is { } min && length < min)
        {
            errors.Add($"Value {shown} at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
        }
        if (shape.Max is { } max && length > max)
        {
            errors.Add($"Value {shown} at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static string Describe(Shape shape, JsonNode value) => shape.Sensitive
        ? "'***'"
        : shape.Type switch
        {
            ShapeType.String => $"'{NodeValues.ToText(value)}'",
            ShapeType.Integer or ShapeType.Long or ShapeType.Float or ShapeType.Double => NodeValues.ToText(value),
            _ => $"'{value.ToJsonString()}'",
        };

    // Model patterns are Java regexes; the few .NET cannot compile are not enforced rather than failing requests.
    private static Regex? Compile(string pattern) => Patterns.GetOrAdd(pattern, static p =>
    {
        try
        {
            // Anchored: AWS patterns must match the whole value (Java's String.matches semantics).
            return new Regex($"\\A(?:{p})\\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return null;
        }
    });

    private static bool Matches(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
