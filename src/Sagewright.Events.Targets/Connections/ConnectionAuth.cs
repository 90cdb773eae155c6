using System.Text.Json.Nodes;

namespace Sagewright.Events.Targets.Connections;

/// <summary>
/// A connection's AuthParameters: the whole of them (secrets included) is what gets sealed; <see cref="Public"/> is
/// what DescribeConnection shows, without the password, the API key value and parameter values marked secret.
/// </summary>
internal sealed class ConnectionAuth(string authorizationType, JsonObject parameters)
{
    public const string Basic = "BASIC";
    public const string ApiKey = "API_KEY";
    public const string OAuth = "OAUTH_CLIENT_CREDENTIALS";

    private static readonly Dictionary<string, (string Member, string Name, string Secret)> Shapes = new()
    {
        [Basic] = ("BasicAuthParameters", "Username", "Password"),
        [ApiKey] = ("ApiKeyAuthParameters", "ApiKeyName", "ApiKeyValue"),
    };

    public string AuthorizationType { get; } = authorizationType;
    public JsonObject Parameters { get; } = parameters;

    /// <summary>Username (BASIC) or header name (API_KEY).</summary>
    public string Name => (string)Parameters[Shapes[AuthorizationType].Member]![Shapes[AuthorizationType].Name]!;

    /// <summary>Password (BASIC) or header value (API_KEY).</summary>
    public string Secret => (string)Parameters[Shapes[AuthorizationType].Member]![Shapes[AuthorizationType].Secret]!;

    public JsonObject? InvocationHttpParameters => Parameters["InvocationHttpParameters"] as JsonObject;

    /// <summary>CreateConnection's parameters: exactly the authorization type's own, complete.</summary>
    public static ConnectionAuth Create(string authorizationType, JsonObject given, TargetsErrors errors)
    {
        RejectUnsupported(authorizationType, given);
        var auth = new ConnectionAuth(authorizationType, (JsonObject)given.DeepClone());
        auth.Validate(errors);
        return auth;
    }

    /// <summary>
    /// UpdateConnection's parameters over the current ones: members given replace those stored (a new password keeps
    /// the username); a new authorization type starts afresh; InvocationHttpParameters, when given, replace the old.
    /// </summary>
    public static ConnectionAuth Update(ConnectionAuth current, string? authorizationType, JsonObject? given, TargetsErrors errors)
    {
        var type = authorizationType ?? current.AuthorizationType;
        given ??= [];
        RejectUnsupported(type, given);
        var merged = new JsonObject();
        if (current.InvocationHttpParameters is { } oldParameters)
        {
            merged["InvocationHttpParameters"] = oldParameters.DeepClone();
        }
        if (type == current.AuthorizationType && current.Parameters[Shapes[type].Member] is JsonObject oldCredentials)
        {
            merged[Shapes[type].Member] = oldCredentials.DeepClone();
        }
        foreach (var (member, value) in given)
        {
            if (merged[member] is JsonObject target && value is JsonObject update && member != "InvocationHttpParameters")
            {
                foreach (var (key, field) in update)
                {
                    target[key] = field?.DeepClone();
                }
            }
            else
            {
                merged[member] = value?.DeepClone();
            }
        }
        var auth = new ConnectionAuth(type, merged);
        auth.Validate(errors);
        return auth;
    }

    /// <summary>What Describe shows: names but no secrets.</summary>
    public JsonObject Public()
    {
        var shape = Shapes[AuthorizationType];
        var shown = new JsonObject();
        if (Parameters[shape.Member] is JsonObject credentials && credentials[shape.Name] is { } name)
        {
            shown[shape.Member] = new JsonObject { [shape.Name] = name.DeepClone() };
        }
        if (InvocationHttpParameters is { } invocation)
        {
            var visible = new JsonObject();
            foreach (var (list, items) in invocation)
            {
                visible[list] = new JsonArray((items as JsonArray ?? []).OfType<JsonObject>().Select(HideSecretValue).ToArray<JsonNode?>());
            }
            shown["InvocationHttpParameters"] = visible;
        }
        return shown;
    }

    /// <summary>After DeauthorizeConnection: only what Describe shows survives, so the connection cannot authenticate.</summary>
    public static ConnectionAuth WithoutSecrets(string authorizationType, JsonObject publicParameters) => new(authorizationType, publicParameters);

    public bool HasCredentials =>
        Parameters[Shapes[AuthorizationType].Member] is JsonObject credentials && credentials[Shapes[AuthorizationType].Secret] is not null;

    private static JsonNode HideSecretValue(JsonObject parameter)
    {
        var copy = (JsonObject)parameter.DeepClone();
        if (copy["IsValueSecret"]?.GetValue<bool>() == true)
        {
            copy.Remove("Value");
        }
        return copy;
    }

    private static void RejectUnsupported(string authorizationType, JsonObject given)
    {
        if (authorizationType == OAuth || given.ContainsKey("OAuthParameters"))
        {
            throw TargetsErrors.NotImplemented("connections with AuthorizationType OAUTH_CLIENT_CREDENTIALS");
        }
        if (given.ContainsKey("ConnectivityParameters"))
        {
            throw TargetsErrors.NotImplemented("connections to private APIs (ConnectivityParameters)");
        }
    }

    private void Validate(TargetsErrors errors)
    {
        var shape = Shapes[AuthorizationType];
        foreach (var (type, other) in Shapes)
        {
            if (type != AuthorizationType && Parameters.ContainsKey(other.Member))
            {
                throw errors.Validation($"{other.Member} cannot be used with AuthorizationType {AuthorizationType}.");
            }
        }
        if (Parameters[shape.Member] is not JsonObject credentials || credentials[shape.Name] is null || credentials[shape.Secret] is null)
        {
            throw errors.Validation($"{shape.Member} with {shape.Name} and {shape.Secret} is required for AuthorizationType {AuthorizationType}.");
        }
        foreach (var parameter in (InvocationHttpParameters ?? []).Select(p => p.Value).OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>()))
        {
            if (parameter["Key"] is null || parameter["Value"] is null)
            {
                throw errors.Validation("Every InvocationHttpParameters parameter needs a Key and a Value.");
            }
        }
    }
}
