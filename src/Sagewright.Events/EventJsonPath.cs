using System.Text.Json.Nodes;

namespace Sagewright.Events;

/// <summary>
/// The JSON paths EventBridge accepts in InputPath and InputPathsMap: <c>$</c>, dot notation (names with letters,
/// digits, dashes, underscores, slashes), array indices (<c>$.resources[0]</c>) and <c>*</c> (all members, giving an
/// array). Anything else is rejected when the target is stored.
/// </summary>
internal static class EventJsonPath
{
    public static bool IsValid(string path) => TrySteps(path, out _);

    /// <summary>The node the path names, or null when the event has nothing there.</summary>
    public static JsonNode? Select(JsonNode root, string path)
    {
        if (!TrySteps(path, out var steps))
        {
            throw new FormatException($"Invalid JSON path {path}");
        }
        IReadOnlyList<JsonNode?> current = [root];
        var wildcard = false;
        foreach (var step in steps)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                switch (step)
                {
                    case "*" when node is JsonObject obj:
                        next.AddRange(obj.Select(p => p.Value));
                        break;
                    case "*" when node is JsonArray all:
                        next.AddRange(all);
                        break;
                    case ['[', ..] when node is JsonArray array && int.TryParse(step[1..^1], out var index) && index < array.Count:
                        next.Add(array[index]);
                        break;
                    case not ['[', ..] when node is JsonObject obj && obj.TryGetPropertyValue(step, out var value):
                        next.Add(value);
                        break;
                }
            }
            wildcard |= step == "*";
            current = next;
        }
        if (wildcard)
        {
            return new JsonArray(current.Select(n => n?.DeepClone()).ToArray());
        }
        return current.Count == 1 ? current[0] : null;
    }

    private static bool TrySteps(string path, out List<string> steps)
    {
        steps = [];
        if (!path.StartsWith('$'))
        {
            return false;
        }
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && path[i] != '.' && path[i] != '[')
                {
                    i++;
                }
                var name = path[start..i];
                if (name.Length == 0 || !(name == "*" || name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '/' or ':' or '@')))
                {
                    return false;
                }
                steps.Add(name);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0)
                {
                    return false;
                }
                var inside = path[(i + 1)..end];
                if (inside == "*")
                {
                    steps.Add("*");
                }
                else if (inside.Length > 0 && inside.All(char.IsAsciiDigit))
                {
                    steps.Add($"[{inside}]");
                }
                else
                {
                    return false;
                }
                i = end + 1;
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}
