using System.Globalization;
using System.Text.Json.Nodes;

namespace Sagewright.Events;

/// <summary>An event as EventBridge delivers it, fields in AWS's order.</summary>
internal static class EventEnvelope
{
    public static JsonObject Create(string id, string source, string detailType, string accountId, DateTimeOffset time, string region,
        IEnumerable<string> resources, JsonNode detail) => new()
        {
            ["version"] = "0",
            ["id"] = id,
            ["detail-type"] = detailType,
            ["source"] = source,
            ["account"] = accountId,
            ["time"] = FormatTime(time),
            ["region"] = region,
            ["resources"] = new JsonArray(resources.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            ["detail"] = detail,
        };

    /// <summary>Whole seconds, UTC, as in AWS's events ("2015-11-11T21:29:54Z").</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string NewId() => Guid.NewGuid().ToString();
}
