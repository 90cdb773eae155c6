using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

/// <summary>
/// IAM's Marker/MaxItems/IsTruncated pagination. Every listing is ordered by a unique text key; the marker is
/// the key of the first item of the next page (base64, so clients treat it as opaque).
/// </summary>
internal static class Paging
{
    public const int DefaultMaxItems = 100;

    public static int MaxItems(JsonObject input) => (int)(input.OptionalInt64("MaxItems") ?? DefaultMaxItems);

    /// <summary>The key the page starts at ("" for the first page).</summary>
    public static string StartKey(JsonObject input, Func<string, AwsServiceException> invalid)
    {
        if (input.Optional("Marker") is not { } marker)
        {
            return "";
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw invalid("Invalid Marker.");
        }
    }

    /// <summary>
    /// Writes one page of <paramref name="items"/> (sorted by key, starting at the page's start key, at most one more
    /// than a page) into <paramref name="output"/> as the list member plus IsTruncated and Marker.
    /// </summary>
    public static JsonObject Page<T>(JsonObject output, string listMember, IReadOnlyList<T> items, int maxItems,
        Func<T, string> key, Func<T, JsonNode> toJson)
    {
        var truncated = items.Count > maxItems;
        output[listMember] = new JsonArray(items.Take(maxItems).Select(toJson).ToArray());
        output["IsTruncated"] = truncated;
        if (truncated)
        {
            output["Marker"] = Marker(key(items[maxItems]));
        }
        return output;
    }

    /// <summary>The marker of a page that starts at <paramref name="startKey"/>.</summary>
    public static string Marker(string startKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(startKey));

    /// <summary>Selects the page's window from a complete, key-ordered list held in memory.</summary>
    public static IReadOnlyList<T> Window<T>(IEnumerable<T> sortedItems, Func<T, string> key, string startKey, int maxItems) =>
        sortedItems.Where(i => string.CompareOrdinal(key(i), startKey) >= 0).Take(maxItems + 1).ToArray();
}
