using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

/// <summary>
/// Bus policies: PutPermission adds (or replaces, by StatementId) a statement allowing events:PutEvents to an account,
/// to everyone, or to an organization (Condition aws:PrincipalOrgID), or sets a whole Policy document;
/// RemovePermission removes one statement or all.
/// </summary>
internal sealed partial class EventsHandlers
{
    private const int MaxPolicyLength = 10240;

    public async ValueTask<OperationResult> PutPermission(OperationCall call)
    {
        var bus = BusOf(call);
        var wholePolicy = call.Input.Optional("Policy");
        JsonObject? statement = null;
        if (wholePolicy is null)
        {
            statement = Statement(call.Input, bus);
        }
        else if (!IsPolicyDocument(wholePolicy))
        {
            throw errors.Validation("Policy is not a valid JSON policy document.");
        }
        await database.WriteAsync(async db =>
        {
            await RequireBusAsync(db, bus);
            var now = time.GetUtcNow();
            await EventsStore.EnsureBusRowAsync(db, bus, now);
            var record = await EventsStore.FindBusAsync(db, bus);
            var policy = wholePolicy ?? WithStatement(record!.Policy, statement!);
            if (policy.Length > MaxPolicyLength)
            {
                throw errors.PolicyTooLong();
            }
            await EventsStore.SetBusPolicyAsync(db, bus, policy, now);
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> RemovePermission(OperationCall call)
    {
        var bus = BusOf(call);
        var removeAll = call.Input.OptionalBoolean("RemoveAllPermissions") == true;
        var statementId = call.Input.Optional("StatementId");
        if (!removeAll && statementId is null)
        {
            throw errors.Validation("One of StatementId or RemoveAllPermissions must be specified.");
        }
        await database.WriteAsync(async db =>
        {
            var record = await RequireBusAsync(db, bus);
            var now = time.GetUtcNow();
            if (removeAll)
            {
                if (record.CreatedAt is not null)
                {
                    await EventsStore.SetBusPolicyAsync(db, bus, null, now);
                }
                return true;
            }
            var policy = record.Policy is { } text ? JsonNode.Parse(text) as JsonObject : null;
            if (policy?["Statement"] is not JsonArray statements)
            {
                throw errors.NoPolicy();
            }
            var match = statements.OfType<JsonObject>().FirstOrDefault(s => s["Sid"]?.GetValue<string>() == statementId)
                ?? throw errors.NoStatement();
            statements.Remove(match);
            await EventsStore.SetBusPolicyAsync(db, bus, statements.Count == 0 ? null : policy.ToJsonString(), now);
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    private JsonObject Statement(JsonObject input, BusRef bus)
    {
        var action = input.Optional("Action") ?? throw errors.Validation("Parameter Action must be specified.");
        if (action != "events:PutEvents")
        {
            throw errors.Validation("Provided value in parameter 'action' is not supported.");
        }
        var principal = input.Optional("Principal") ?? throw errors.Validation("Parameter Principal must be specified.");
        var statementId = input.Optional("StatementId") ?? throw errors.Validation("Parameter StatementId must be specified.");
        var statement = new JsonObject
        {
            ["Sid"] = statementId,
            ["Effect"] = "Allow",
            ["Principal"] = principal == "*" ? "*" : new JsonObject { ["AWS"] = $"arn:aws:iam::{principal}:root" },
            ["Action"] = action,
            ["Resource"] = bus.Arn,
        };
        if (input["Condition"] is JsonObject condition)
        {
            if (condition.Required("Type") != "StringEquals" || condition.Required("Key") != "aws:PrincipalOrgID")
            {
                throw errors.Validation("Condition must have Type StringEquals and Key aws:PrincipalOrgID.");
            }
            statement["Condition"] = new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["aws:PrincipalOrgID"] = condition.Required("Value") },
            };
        }
        return statement;
    }

    private static string WithStatement(string? existing, JsonObject statement)
    {
        var policy = existing is { } text && JsonNode.Parse(text) is JsonObject parsed
            ? parsed
            : new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray() };
        if (policy["Statement"] is not JsonArray statements)
        {
            statements = [];
            policy["Statement"] = statements;
        }
        var sid = statement["Sid"]!.GetValue<string>();
        if (statements.OfType<JsonObject>().FirstOrDefault(s => s["Sid"]?.GetValue<string>() == sid) is { } same)
        {
            statements.Remove(same);
        }
        statements.Add(statement);
        return policy.ToJsonString();
    }

    private static bool IsPolicyDocument(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject { } policy && policy["Statement"] is JsonArray or JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
