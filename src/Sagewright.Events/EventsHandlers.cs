using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

/// <summary>The EventBridge operations, one method per AWS operation, split by resource family.</summary>
internal sealed partial class EventsHandlers(IDatabase database, EventsErrors errors, TimeProvider time, TargetKinds kinds,
    EventSignals signals, PatternCache patterns, Authorizer authorizer)
{
    private const int DefaultLimit = 100;

    public static RuleRef RuleOf(OperationCall call, string member) =>
        new(BusRef.Parse(call.Input.Optional("EventBusName"), call.AccountId, call.Region), call.Input.Required(member));

    private BusRef BusOf(OperationCall call, string member = "EventBusName") =>
        BusRef.Parse(call.Input.Optional(member), call.AccountId, call.Region);

    private async Task<BusRecord> RequireBusAsync(DbSession db, BusRef bus) =>
        await EventsStore.FindBusAsync(db, bus) ?? throw errors.BusNotFound(bus.Name);

    private async Task<RuleRecord> RequireRuleAsync(DbSession db, RuleRef rule)
    {
        await RequireBusAsync(db, rule.Bus);
        return await EventsStore.FindRuleAsync(db, rule) ?? throw errors.RuleNotFound(rule);
    }

    /// <summary>
    /// A caller who hands EventBridge a role (a rule's or a target's RoleArn) must be allowed iam:PassRole on it, with
    /// iam:PassedToService events.amazonaws.com, as AWS checks; otherwise the whole call is denied.
    /// </summary>
    private ValueTask AuthorizePassRoleAsync(OperationCall call, string? roleArn) =>
        authorizer.AuthorizePassRoleAsync(call.Context, roleArn, EventBusTarget.ServicePrincipal);

    private static IReadOnlyList<string> StringList(JsonObject input, string member) =>
        input[member] is JsonArray list ? list.Where(n => n is not null).Select(n => NodeValues.ToText(n!)).ToArray() : [];

    private static IReadOnlyList<EventsTag> Tags(JsonObject input) =>
        input["Tags"] is JsonArray list ? list.OfType<JsonObject>().Select(t => new EventsTag(t.Required("Key"), t.Required("Value"))).ToArray() : [];

    private int Limit(JsonObject input) => (int)(input.OptionalInt64("Limit") ?? DefaultLimit);

    /// <summary>Listings page by name: the token is the last name returned, base64.</summary>
    private string After(JsonObject input)
    {
        if (input.Optional("NextToken") is not { } token)
        {
            return "";
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

    /// <summary>A page of <paramref name="rows"/> (which hold one more than the limit when another page follows).</summary>
    private static JsonObject Page<T>(string member, IReadOnlyList<T> rows, int limit, Func<T, string> name, Func<T, JsonNode?> json)
    {
        var page = rows.Take(limit).ToArray();
        var output = new JsonObject { [member] = Array(page.Select(json)) };
        if (rows.Count > limit)
        {
            output["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(name(page[^1])));
        }
        return output;
    }

    /// <summary>A listing of one bus, read by <paramref name="query"/> from the token's name on (limit + 1 rows).</summary>
    private async Task<JsonObject> ListOnBusAsync<T>(OperationCall call, string member,
        Func<DbSession, BusRef, string, int, Task<IReadOnlyList<T>>> query, Func<T, string> name, Func<T, JsonNode?> json)
    {
        var bus = BusOf(call);
        var limit = Limit(call.Input);
        var after = After(call.Input);
        var rows = await database.ReadAsync(async db =>
        {
            await RequireBusAsync(db, bus);
            return await query(db, bus, after, limit + 1);
        }, call.Aborted);
        return Page(member, rows, limit, name, json);
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.ToArray());
}
