using System.Text.Json;

namespace Sagewright.Policy;

/// <summary>Turns policy JSON into a <see cref="PolicyDocument"/>, enforcing the structural rules IAM enforces per policy kind.</summary>
internal static partial class PolicyParser
{
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    private static readonly HashSet<string> DocumentFields = ["Version", "Id", "Statement"];

    private static readonly HashSet<string> StatementFields =
        ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

    public static PolicyDocument Parse(string json, PolicyKind kind, string sourceId, string sourceType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException)
        {
            throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
        }

        using (document)
        {
            var root = document.RootElement;
            var fields = ReadObject(root, DocumentFields);
            var version = ReadVersion(fields);
            var id = fields.TryGetValue("Id", out var idElement) ? RequireString(idElement) : null;
            if (!fields.TryGetValue("Statement", out var statementElement))
            {
                throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
            }

            var statements = ReadStatements(statementElement, kind);
            return new PolicyDocument(kind, version, id, statements, sourceId, sourceType);
        }
    }

    private static string? ReadVersion(Dictionary<string, JsonElement> fields)
    {
        if (!fields.TryGetValue("Version", out var element))
        {
            return null;
        }

        var version = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return version is PolicyDocument.CurrentVersion or PolicyDocument.LegacyVersion
            ? version
            : throw PolicyErrors.Malformed(PolicyErrors.LegacyParsing);
    }

    private static List<PolicyStatement> ReadStatements(JsonElement element, PolicyKind kind)
    {
        var statementElements = element.ValueKind switch
        {
            JsonValueKind.Object => [element],
            JsonValueKind.Array => element.EnumerateArray().ToList(),
            _ => throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors),
        };
        if (statementElements.Count == 0)
        {
            throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
        }

        var statements = new List<PolicyStatement>(statementElements.Count);
        var sids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statementElement in statementElements)
        {
            var statement = ReadStatement(statementElement, statements.Count, kind);
            if (!string.IsNullOrEmpty(statement.Sid) && !sids.Add(statement.Sid))
            {
                throw PolicyErrors.Malformed(PolicyErrors.DuplicateSid);
            }

            statements.Add(statement);
        }

        return statements;
    }

    private static PolicyStatement ReadStatement(JsonElement element, int index, PolicyKind kind)
    {
        var fields = ReadObject(element, StatementFields);
        var sid = ReadSid(fields, kind);
        var effect = ReadEffect(fields);
        var (principal, notPrincipal) = ReadPrincipals(fields, kind, effect);
        var (action, notAction) = ReadPair(fields, "Action", "NotAction");
        if (action is null && notAction is null)
        {
            throw PolicyErrors.Malformed(PolicyErrors.MissingActions);
        }

        ValidateActions(action ?? notAction!);
        var (resource, notResource) = ReadResources(fields, kind);
        var conditions = fields.TryGetValue("Condition", out var conditionElement) ? ReadConditions(conditionElement) : [];
        return new PolicyStatement(index, sid, effect, action, notAction, resource, notResource, principal, notPrincipal, conditions);
    }

    private static string? ReadSid(Dictionary<string, JsonElement> fields, PolicyKind kind)
    {
        if (!fields.TryGetValue("Sid", out var element))
        {
            return null;
        }

        var sid = RequireString(element);
        // Resource policies (S3, KMS...) accept free-form Sids; IAM-stored documents insist on [0-9A-Za-z]*.
        if (kind != PolicyKind.Resource && !sid.All(char.IsAsciiLetterOrDigit))
        {
            throw PolicyErrors.Malformed(PolicyErrors.SidNotAlphanumeric);
        }

        return sid;
    }

    private static PolicyEffect ReadEffect(Dictionary<string, JsonElement> fields)
    {
        if (!fields.TryGetValue("Effect", out var element))
        {
            throw PolicyErrors.Malformed(PolicyErrors.MissingEffect);
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        return text switch
        {
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            _ => throw PolicyErrors.Malformed(PolicyErrors.InvalidEffect(text)),
        };
    }

    private static (PolicyPrincipal? Principal, PolicyPrincipal? NotPrincipal) ReadPrincipals(Dictionary<string, JsonElement> fields, PolicyKind kind, PolicyEffect effect)
    {
        var hasPrincipal = fields.TryGetValue("Principal", out var principalElement);
        var hasNotPrincipal = fields.TryGetValue("NotPrincipal", out var notPrincipalElement);
        switch (kind)
        {
            case PolicyKind.Identity or PolicyKind.Session or PolicyKind.PermissionsBoundary:
                return hasPrincipal || hasNotPrincipal ? throw PolicyErrors.Malformed(PolicyErrors.ShouldNotSpecifyPrincipal) : (null, null);
            case PolicyKind.Trust when hasNotPrincipal:
                throw PolicyErrors.Malformed(PolicyErrors.ProhibitedField("NotPrincipal"));
        }

        if (hasPrincipal && hasNotPrincipal)
        {
            throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
        }

        if (!hasPrincipal && !hasNotPrincipal)
        {
            throw PolicyErrors.Malformed(PolicyErrors.MissingPrincipal);
        }

        if (hasNotPrincipal && effect == PolicyEffect.Allow)
        {
            throw PolicyErrors.Malformed(PolicyErrors.NotPrincipalWithAllow);
        }

        return hasPrincipal ? (ReadPrincipal(principalElement), null) : (null, ReadPrincipal(notPrincipalElement));
    }

    private static (List<string>? Resource, List<string>? NotResource) ReadResources(Dictionary<string, JsonElement> fields, PolicyKind kind)
    {
        if (kind == PolicyKind.Trust)
        {
            foreach (var field in (string[])["Resource", "NotResource"])
            {
                if (fields.ContainsKey(field))
                {
                    throw PolicyErrors.Malformed(PolicyErrors.ProhibitedField(field));
                }
            }

            return (null, null);
        }

        var (resource, notResource) = ReadPair(fields, "Resource", "NotResource");
        if (resource is null && notResource is null)
        {
            throw PolicyErrors.Malformed(PolicyErrors.MissingResource);
        }

        ValidateResources(resource ?? notResource!);
        return (resource, notResource);
    }

    /// <summary>Reads an X / NotX pair of string-or-array elements; having both is a syntax error.</summary>
    private static (List<string>? Positive, List<string>? Negative) ReadPair(Dictionary<string, JsonElement> fields, string name, string negatedName)
    {
        var hasPositive = fields.TryGetValue(name, out var positive);
        var hasNegative = fields.TryGetValue(negatedName, out var negative);
        if (hasPositive && hasNegative)
        {
            throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
        }

        return (hasPositive ? ReadStringList(positive) : null, hasNegative ? ReadStringList(negative) : null);
    }

    /// <summary>Reads a JSON object into a field map, rejecting unknown and duplicate field names.</summary>
    private static Dictionary<string, JsonElement> ReadObject(JsonElement element, HashSet<string>? allowedFields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if ((allowedFields is not null && !allowedFields.Contains(property.Name)) || !fields.TryAdd(property.Name, property.Value))
            {
                throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
            }
        }

        return fields;
    }

    private static List<string> ReadStringList(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().Select(RequireString).ToList(),
        _ => throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors),
    };

    private static string RequireString(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
}
