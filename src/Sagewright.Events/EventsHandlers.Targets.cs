using System.Text.Json.Nodes;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

internal sealed partial class EventsHandlers
{
    public const int MaxTargetsPerRule = 5;

    /// <summary>
    /// Adds or updates targets. A target whose ARN no installed kind delivers to, or that its kind rejects, is a
    /// FailedEntries item and is not stored; the others are.
    /// </summary>
    public async ValueTask<OperationResult> PutTargets(OperationCall call)
    {
        var rule = RuleOf(call, "Rule");
        var targets = call.Input["Targets"]!.AsArray().OfType<JsonObject>().ToArray();
        foreach (var target in targets)
        {
            ValidateInput(target);
        }
        foreach (var role in targets.Select(t => t.Optional("RoleArn")).Distinct())
        {
            await AuthorizePassRoleAsync(call, role);
        }
        var existing = await database.ReadAsync(async db =>
        {
            await RequireRuleAsync(db, rule);
            return await EventsStore.TargetsOfRuleAsync(db, rule);
        }, call.Aborted);
        var failed = new JsonArray();
        var accepted = new List<TargetRecord>();
        foreach (var target in targets)
        {
            var id = target.Required("Id");
            var arn = target.Required("Arn");
            var check = kinds.Find(arn) is { } kind
                ? await kind.CheckAsync(new EventTargetDefinition(rule.Bus.AccountId, rule.Bus.Region, rule.Arn, target), call.Aborted)
                : new TargetCheck("InvalidArgument", $"Parameter {arn} is not valid. Reason: Sagewright has no target kind that delivers to this ARN.");
            if (check.IsValid)
            {
                accepted.Add(new TargetRecord(rule, id, arn, (JsonObject)target.DeepClone()));
            }
            else
            {
                failed.Add(new JsonObject { ["TargetId"] = id, ["ErrorCode"] = check.ErrorCode, ["ErrorMessage"] = check.ErrorMessage });
            }
        }
        if (existing.Select(t => t.Id).Union(accepted.Select(t => t.Id)).Count() > MaxTargetsPerRule)
        {
            throw errors.TooManyTargets();
        }
        await database.WriteAsync(async db =>
        {
            await RequireRuleAsync(db, rule);
            var now = time.GetUtcNow();
            foreach (var target in accepted)
            {
                await EventsStore.UpsertTargetAsync(db, target, now);
            }
            if (await EventsStore.CountTargetsAsync(db, rule) > MaxTargetsPerRule)
            {
                throw errors.TooManyTargets();
            }
            return true;
        }, call.Aborted);
        return new JsonObject { ["FailedEntryCount"] = failed.Count, ["FailedEntries"] = failed };
    }

    public async ValueTask<OperationResult> RemoveTargets(OperationCall call)
    {
        var rule = RuleOf(call, "Rule");
        var ids = StringList(call.Input, "Ids");
        await database.WriteAsync(async db =>
        {
            await RequireRuleAsync(db, rule);
            foreach (var id in ids)
            {
                await EventsStore.DeleteTargetAsync(db, rule, id);
            }
            return true;
        }, call.Aborted);
        return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
    }

    public async ValueTask<OperationResult> ListTargetsByRule(OperationCall call)
    {
        var rule = RuleOf(call, "Rule");
        var limit = Limit(call.Input);
        var after = After(call.Input);
        var targets = await database.ReadAsync(async db =>
        {
            await RequireRuleAsync(db, rule);
            return await EventsStore.TargetsOfRuleAsync(db, rule);
        }, call.Aborted);
        return Page("Targets", targets.Where(t => string.CompareOrdinal(t.Id, after) > 0).ToArray(), limit, t => t.Id, t => t.Definition.DeepClone());
    }

    public async ValueTask<OperationResult> ListRuleNamesByTarget(OperationCall call) =>
        await ListOnBusAsync(call, "RuleNames", (db, bus, after, limit) => EventsStore.RuleNamesByTargetAsync(db, bus, call.Input.Required("TargetArn"), after, limit),
            n => n, n => n);

    /// <summary>Input, InputPath and InputTransformer exclude each other; paths must be ones EventBridge evaluates.</summary>
    private void ValidateInput(JsonObject target)
    {
        var given = new[] { "Input", "InputPath", "InputTransformer" }.Count(m => target[m] is not null);
        if (given > 1)
        {
            throw errors.Validation("Only one of Input, InputPath, or InputTransformer must be provided.");
        }
        if (target.Optional("Input") is { } input && !IsJson(input))
        {
            throw errors.Validation("Target Input must be valid JSON text.");
        }
        if (target.Optional("InputPath") is { } path && !EventJsonPath.IsValid(path))
        {
            throw errors.Validation($"Target InputPath {path} is not a valid JSON path.");
        }
        if (target["InputTransformer"] is JsonObject { } transformer && transformer["InputPathsMap"] is JsonObject map)
        {
            foreach (var (name, value) in map)
            {
                if (name.StartsWith("aws.", StringComparison.OrdinalIgnoreCase))
                {
                    throw errors.Validation($"InputPathsMap key {name} is reserved: keys cannot start with \"aws.\".");
                }
                if (value is null || !EventJsonPath.IsValid(value.GetValue<string>()))
                {
                    throw errors.Validation($"InputPathsMap value for {name} is not a valid JSON path.");
                }
            }
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            JsonNode.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
