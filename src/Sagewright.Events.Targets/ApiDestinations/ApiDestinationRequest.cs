using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Events.Targets.Connections;

namespace Sagewright.Events.Targets.ApiDestinations;

/// <summary>
/// Builds the HTTP request EventBridge sends to an API destination: the endpoint with each <c>*</c> replaced by a
/// PathParameterValues entry, the connection's credentials and InvocationHttpParameters, the target's
/// HttpParameters (values may be JSON paths into the event), and the payload as a JSON body. Where the connection
/// and the target give the same header, query or body key, the connection's value wins, as in AWS.
/// </summary>
internal static class ApiDestinationRequest
{
    public const string UserAgent = "Amazon/EventBridge/ApiDestinations";
    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    /// <summary>Throws <see cref="TargetParametersException"/> when the target's path parameters do not fill the endpoint's wildcards.</summary>
    public static HttpRequestMessage Build(ApiDestinationRecord destination, ConnectionAuth auth, JsonObject? httpParameters,
        JsonObject @event, string payload)
    {
        var connection = auth.InvocationHttpParameters;
        var query = Merge(Pairs(httpParameters?["QueryStringParameters"] as JsonObject, @event), ConnectionPairs(connection, "QueryStringParameters"));
        var headers = Merge(Pairs(httpParameters?["HeaderParameters"] as JsonObject, @event), ConnectionPairs(connection, "HeaderParameters"));
        var url = AppendQuery(FillPath(destination.Endpoint, httpParameters?["PathParameterValues"] as JsonArray, @event), query);

        var request = new HttpRequestMessage(new HttpMethod(destination.HttpMethod), url);
        // Not parsed: "Amazon/EventBridge/ApiDestinations" is not a valid product token, yet it is what AWS sends.
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (auth.AuthorizationType == ConnectionAuth.Basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Name}:{auth.Secret}")));
        }
        else
        {
            request.Headers.Remove(auth.Name);
            request.Headers.TryAddWithoutValidation(auth.Name, auth.Secret);
        }
        if (destination.HttpMethod is not ("GET" or "HEAD"))
        {
            request.Content = new StringContent(WithBodyParameters(payload, ConnectionPairs(connection, "BodyParameters")), Encoding.UTF8);
            request.Content.Headers.ContentType = Json;
        }
        return request;
    }

    private static string FillPath(string endpoint, JsonArray? values, JsonObject @event)
    {
        var parts = endpoint.Split('*');
        var given = values?.Select(v => EventJsonPath.Resolve(v!.GetValue<string>(), @event)).ToArray() ?? [];
        if (given.Length != parts.Length - 1)
        {
            throw new TargetParametersException($"The endpoint {endpoint} has {parts.Length - 1} path wildcard(s) but the target gives {given.Length} PathParameterValues.");
        }
        var url = new StringBuilder(parts[0]);
        for (var i = 0; i < given.Length; i++)
        {
            url.Append(Uri.EscapeDataString(given[i])).Append(parts[i + 1]);
        }
        return url.ToString();
    }

    private static string AppendQuery(string url, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        if (query.Count == 0)
        {
            return url;
        }
        var encoded = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return url + (url.Contains('?') ? "&" : "?") + encoded;
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(JsonObject? map, JsonObject @event) =>
        (map ?? []).Select(p => new KeyValuePair<string, string>(p.Key, EventJsonPath.Resolve(p.Value!.GetValue<string>(), @event)));

    private static IEnumerable<KeyValuePair<string, string>> ConnectionPairs(JsonObject? connection, string list) =>
        (connection?[list] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => new KeyValuePair<string, string>(p["Key"]!.GetValue<string>(), p["Value"]!.GetValue<string>()));

    /// <summary>The target's pairs, each replaced by the connection's pair of the same key (headers compare without case).</summary>
    private static List<KeyValuePair<string, string>> Merge(IEnumerable<KeyValuePair<string, string>> target, IEnumerable<KeyValuePair<string, string>> connection)
    {
        var fromConnection = connection.ToList();
        var keys = fromConnection.Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. target.Where(p => !keys.Contains(p.Key)), .. fromConnection];
    }

    /// <summary>The connection's body parameters are added to a JSON-object payload; another payload is sent as it is.</summary>
    private static string WithBodyParameters(string payload, IEnumerable<KeyValuePair<string, string>> body)
    {
        var parameters = body.ToList();
        if (parameters.Count == 0 || ParseObject(payload) is not { } json)
        {
            return payload;
        }
        foreach (var (key, value) in parameters)
        {
            json[key] = value;
        }
        return json.ToJsonString();
    }

    /// <summary>An input transformer may produce plain text, which is not an error here.</summary>
    private static JsonObject? ParseObject(string payload)
    {
        try
        {
            return JsonNode.Parse(payload) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>A target whose HttpParameters cannot make a request for its destination: no attempt can succeed.</summary>
internal sealed class TargetParametersException(string message) : Exception(message);
