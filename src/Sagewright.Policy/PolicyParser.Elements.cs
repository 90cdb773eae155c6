using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sagewright.Policy;

internal static partial class PolicyParser
{
    private static readonly HashSet<string> PrincipalTypes = ["AWS", "Service", "Federated", "CanonicalUser"];

    private static void ValidateActions(List<string> actions)
    {
        if (actions.Count == 0)
        {
            throw PolicyErrors.Malformed(PolicyErrors.MissingActions);
        }

        foreach (var action in actions)
        {
            if (action == "*")
            {
                continue;
            }

            var colon = action.IndexOf(':');
            if (colon <= 0)
            {
                throw PolicyErrors.Malformed(PolicyErrors.ActionVendor);
            }

            if (action.IndexOf(':', colon + 1) >= 0)
            {
                throw PolicyErrors.Malformed(PolicyErrors.ActionOneColon);
            }
        }
    }

    private static void ValidateResources(List<string> resources)
    {
        if (resources.Count == 0)
        {
            throw PolicyErrors.Malformed(PolicyErrors.MissingResource);
        }

        foreach (var resource in resources)
        {
            if (resource == "*")
            {
                continue;
            }

            var segments = resource.Split(':', 4);
            if (segments.Length < 3 || segments[0] != "arn")
            {
                throw PolicyErrors.Malformed(PolicyErrors.ResourceNotArn(resource));
            }

            if (segments[2].Length == 0 || segments[2].AsSpan().IndexOfAny('*', '?') >= 0)
            {
                throw PolicyErrors.Malformed(PolicyErrors.ResourceVendor);
            }
        }
    }

    private static PolicyPrincipal ReadPrincipal(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() == "*"
                ? new PolicyPrincipal(isEveryone: true, [], [], [], [])
                : throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
        }

        var fields = ReadObject(element, PrincipalTypes);
        if (fields.Count == 0)
        {
            throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
        }

        List<string> Values(string type)
        {
            if (!fields.TryGetValue(type, out var value))
            {
                return [];
            }

            var values = ReadStringList(value);
            foreach (var v in values)
            {
                if (!IsValidPrincipal(type, v))
                {
                    throw PolicyErrors.Malformed(PolicyErrors.InvalidPrincipal(type, v));
                }
            }

            return values;
        }

        return new PolicyPrincipal(isEveryone: false, Values("AWS"), Values("Service"), Values("Federated"), Values("CanonicalUser"));
    }

    /// <summary>
    /// AWS principals are <c>*</c>, a 12-digit account, or the ARN of an account root, user, role, assumed-role session
    /// or federated user. Partial wildcards are not principals (AWS rejects them rather than matching).
    /// </summary>
    private static bool IsValidPrincipal(string type, string value) => type switch
    {
        "AWS" => value == "*" || AwsPrincipalPattern().IsMatch(value),
        _ => value.Length > 0 && !value.Any(char.IsWhiteSpace),
    };

    private static List<PolicyCondition> ReadConditions(JsonElement element)
    {
        var conditions = new List<PolicyCondition>();
        foreach (var (operatorName, keysElement) in ReadObject(element, allowedFields: null))
        {
            var op = ConditionOperator.TryParse(operatorName) ?? throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors);
            foreach (var (key, valuesElement) in ReadObject(keysElement, allowedFields: null))
            {
                var colon = key.IndexOf(':');
                if (colon <= 0)
                {
                    throw PolicyErrors.Malformed(PolicyErrors.ActionVendor);
                }

                conditions.Add(new PolicyCondition(op, key, ReadConditionValues(valuesElement)));
            }
        }

        return conditions;
    }

    /// <summary>Condition values may be strings, booleans or numbers, alone or in an array; all become strings.</summary>
    private static List<string> ReadConditionValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(ReadConditionScalar).ToList(),
        _ => [ReadConditionScalar(element)],
    };

    private static string ReadConditionScalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => element.GetRawText(),
        _ => throw PolicyErrors.Malformed(PolicyErrors.SyntaxErrors),
    };

    [GeneratedRegex(@"^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|user/[^*?]+|role/[^*?]+)|arn:aws[a-z-]*:sts::\d{12}:(assumed-role/[^/*?]+/[^*?]+|federated-user/[^*?]+))$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsPrincipalPattern();
}
