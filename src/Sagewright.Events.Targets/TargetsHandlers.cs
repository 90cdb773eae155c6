using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Events.Targets.Connections;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events.Targets;

/// <summary>Connection and API destination operations, one method per AWS operation, split by resource family.</summary>
internal sealed partial class TargetsHandlers(IDatabase database, ConnectionSecretBox secrets, TargetsErrors errors, TimeProvider time)
{
    private const int DefaultLimit = 100;

    private Task<T> ReadAsync<T>(OperationCall call, Func<DbSession, Task<T>> read) => database.ReadAsync(read, call.Aborted);

    private Task<T> WriteAsync<T>(OperationCall call, Func<DbSession, Task<T>> write) => database.WriteAsync(write, call.Aborted);

    /// <summary>The page's start, from an opaque NextToken (the last name of the previous page).</summary>
    private string? After(OperationCall call)
    {
        if (call.Input.Optional("NextToken") is not { } token)
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw errors.InvalidNextToken();
        }
    }

    private static int Limit(OperationCall call) => (int)(call.Input.OptionalInt64("Limit") ?? DefaultLimit);

    /// <summary>The listing's output: the page's items and, when more rows came back than asked, a NextToken.</summary>
    private static JsonObject Page<T>(string member, IReadOnlyList<T> rows, int limit, Func<T, string> name, Func<T, JsonObject> summary)
    {
        var output = new JsonObject { [member] = new JsonArray(rows.Take(limit).Select(summary).ToArray<JsonNode>()) };
        if (rows.Count > limit)
        {
            output["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(name(rows[limit - 1])));
        }
        return output;
    }

    private static void SetIfPresent(JsonObject output, string member, string? value)
    {
        if (value is not null)
        {
            output[member] = value;
        }
    }

    private static JsonValue Time(DateTimeOffset value) => JsonValue.Create(value);
}
