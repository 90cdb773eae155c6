using System.Text.Json.Nodes;
using Sagewright.EventPatterns;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

internal sealed partial class EventsHandlers
{
    /// <summary>Creates or updates a rule. Schedules are only for the default bus, as AWS enforces.</summary>
    public async ValueTask<OperationResult> PutRule(OperationCall call)
    {
        var rule = RuleOf(call, "Name");
        var pattern = call.Input.Optional("EventPattern");
        var schedule = call.Input.Optional("ScheduleExpression");
        if (pattern is null && schedule is null)
        {
            throw errors.Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        if (schedule is not null && !rule.Bus.IsDefault)
        {
            throw errors.Validation("ScheduleExpression is supported only on the default event bus.");
        }
        if (schedule is not null && !ScheduleExpression.TryParse(schedule, out _))
        {
            throw errors.Validation("Parameter ScheduleExpression is not valid.");
        }
        if (pattern is not null)
        {
            ValidatePattern(pattern);
        }
        await AuthorizePassRoleAsync(call, call.Input.Optional("RoleArn"));
        var state = call.Input.Optional("State") ?? RuleStates.Enabled;
        await database.WriteAsync(async db =>
        {
            await RequireBusAsync(db, rule.Bus);
            var now = time.GetUtcNow();
            var existing = await EventsStore.FindRuleAsync(db, rule);
            // An unchanged schedule keeps its next tick, so re-putting a rule does not shift it.
            var nextFire = state != RuleStates.Enabled || schedule is null ? null
                : existing is { NextFireAt: { } kept } && existing.ScheduleExpression == schedule ? kept
                : RuleScheduler.NextFire(schedule, now, now);
            await EventsStore.UpsertRuleAsync(db, new RuleRecord(rule, pattern, schedule, state, call.Input.Optional("Description"),
                call.Input.Optional("RoleArn"), nextFire, now), now);
            if (existing is null)
            {
                await EventsStore.PutTagsAsync(db, rule.Bus.AccountId, rule.Bus.Region, rule.Arn, Tags(call.Input));
            }
            db.AfterCommit(signals.Schedules.Set);
            return true;
        }, call.Aborted);
        return new JsonObject { ["RuleArn"] = rule.Arn };
    }

    public async ValueTask<OperationResult> DescribeRule(OperationCall call)
    {
        var rule = await database.ReadAsync(db => RequireRuleAsync(db, RuleOf(call, "Name")), call.Aborted);
        var json = RuleJson(rule);
        json["CreatedBy"] = rule.Rule.Bus.AccountId;
        return json;
    }

    public async ValueTask<OperationResult> ListRules(OperationCall call) =>
        await ListOnBusAsync(call, "Rules", (db, bus, after, limit) => EventsStore.ListRulesAsync(db, bus, call.Input.Optional("NamePrefix"), after, limit),
            r => r.Rule.Name, r => RuleJson(r));

    public ValueTask<OperationResult> EnableRule(OperationCall call) => SetStateAsync(call, RuleStates.Enabled);

    public ValueTask<OperationResult> DisableRule(OperationCall call) => SetStateAsync(call, RuleStates.Disabled);

    /// <summary>
    /// Deleting a missing rule succeeds, as in AWS. A rule with targets cannot be deleted; Force only concerns rules
    /// managed by AWS services (none here), so it does not remove targets either.
    /// </summary>
    public async ValueTask<OperationResult> DeleteRule(OperationCall call)
    {
        var rule = RuleOf(call, "Name");
        await database.WriteAsync(async db =>
        {
            if (await EventsStore.FindRuleAsync(db, rule) is null)
            {
                return false;
            }
            if (await EventsStore.CountTargetsAsync(db, rule) > 0)
            {
                throw errors.Validation("Rule can't be deleted since it has targets.");
            }
            await EventsStore.DeleteRuleAsync(db, rule);
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> TestEventPattern(OperationCall call)
    {
        var pattern = call.Input.Required("EventPattern");
        ValidatePattern(pattern);
        JsonObject? @event;
        try
        {
            @event = JsonNode.Parse(call.Input.Required("Event")) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            @event = null;
        }
        string[] required = ["id", "account", "source", "time", "region", "resources", "detail-type"];
        if (@event is null || required.Any(field => @event[field] is null))
        {
            throw errors.Validation("Parameter Event is not valid.");
        }
        using var document = System.Text.Json.JsonDocument.Parse(@event.ToJsonString());
        return new JsonObject { ["Result"] = patterns.Get(pattern).Matches(document.RootElement) };
    }

    private void ValidatePattern(string pattern)
    {
        if (pattern.Length > EventPattern.MaxLength)
        {
            throw errors.Validation($"Event pattern must be at most {EventPattern.MaxLength} characters.");
        }
        try
        {
            patterns.Get(pattern);
        }
        catch (InvalidEventPatternException e)
        {
            throw errors.InvalidPattern(e);
        }
    }

    private async ValueTask<OperationResult> SetStateAsync(OperationCall call, string state)
    {
        var rule = RuleOf(call, "Name");
        await database.WriteAsync(async db =>
        {
            var existing = await RequireRuleAsync(db, rule);
            var now = time.GetUtcNow();
            var nextFire = state == RuleStates.Enabled && existing.ScheduleExpression is { } schedule
                ? existing.Enabled && existing.NextFireAt is { } kept ? kept : RuleScheduler.NextFire(schedule, now, now)
                : null;
            await EventsStore.SetRuleStateAsync(db, rule, state, nextFire, now);
            db.AfterCommit(signals.Schedules.Set);
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    private static JsonObject RuleJson(RuleRecord rule)
    {
        var json = new JsonObject
        {
            ["Name"] = rule.Rule.Name,
            ["Arn"] = rule.Rule.Arn,
            ["State"] = rule.State,
            ["EventBusName"] = rule.Rule.Bus.Name,
        };
        if (rule.EventPattern is { } pattern)
        {
            json["EventPattern"] = pattern;
        }
        if (rule.ScheduleExpression is { } schedule)
        {
            json["ScheduleExpression"] = schedule;
        }
        if (rule.Description is { } description)
        {
            json["Description"] = description;
        }
        if (rule.RoleArn is { } role)
        {
            json["RoleArn"] = role;
        }
        return json;
    }
}
