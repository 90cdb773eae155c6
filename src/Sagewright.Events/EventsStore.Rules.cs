using System.Text.Json.Nodes;
using Sagewright.Data;

namespace Sagewright.Events;

internal static partial class EventsStore
{
    private const string RuleColumns =
        "account_id, region, bus_name, name, event_pattern, schedule_expression, state, description, role_arn, next_fire_at, created_at";

    public static Task<RuleRecord?> FindRuleAsync(DbSession db, RuleRef rule) => db.QuerySingleOrDefaultAsync(
        $"SELECT {RuleColumns} FROM events_rules WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND name = @rule",
        ReadRule, new { rule.Bus.AccountId, rule.Bus.Region, rule.Bus.Name, rule = rule.Name });

    /// <summary>Rules of a bus in name order from <paramref name="after"/> (exclusive), at most <paramref name="limit"/>.</summary>
    public static Task<IReadOnlyList<RuleRecord>> ListRulesAsync(DbSession db, BusRef bus, string? prefix, string after, int limit) => db.QueryAsync(
        $"SELECT {RuleColumns} FROM events_rules WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND name > @after" +
        (prefix is null ? "" : " AND substr(name, 1, length(@prefix)) = @prefix") + $" ORDER BY name LIMIT {limit}",
        ReadRule, Args(new { bus.AccountId, bus.Region, bus.Name, after }, ("prefix", prefix)));

    /// <summary>The enabled rules with an event pattern on a bus, for routing.</summary>
    public static Task<IReadOnlyList<RuleRecord>> EnabledPatternRulesAsync(DbSession db, BusRef bus) => db.QueryAsync(
        $"SELECT {RuleColumns} FROM events_rules WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name " +
        "AND state = 'ENABLED' AND event_pattern IS NOT NULL ORDER BY name",
        ReadRule, new { bus.AccountId, bus.Region, bus.Name });

    public static Task UpsertRuleAsync(DbSession db, RuleRecord rule, DateTimeOffset now) => db.ExecuteAsync(
        "INSERT INTO events_rules (account_id, region, bus_name, name, event_pattern, schedule_expression, state, description, role_arn, next_fire_at, created_at, updated_at) " +
        "VALUES (@AccountId, @Region, @bus, @name, @EventPattern, @ScheduleExpression, @State, @Description, @RoleArn, @NextFireAt, @now, @now) " +
        "ON CONFLICT (account_id, region, bus_name, name) DO UPDATE SET event_pattern = excluded.event_pattern, " +
        "schedule_expression = excluded.schedule_expression, state = excluded.state, description = excluded.description, " +
        "role_arn = excluded.role_arn, next_fire_at = excluded.next_fire_at, updated_at = excluded.updated_at",
        new
        {
            rule.Rule.Bus.AccountId, rule.Rule.Bus.Region, bus = rule.Rule.Bus.Name, name = rule.Rule.Name, rule.EventPattern,
            rule.ScheduleExpression, rule.State, rule.Description, rule.RoleArn, rule.NextFireAt, now,
        });

    public static Task SetRuleStateAsync(DbSession db, RuleRef rule, string state, DateTimeOffset? nextFireAt, DateTimeOffset now) => db.ExecuteAsync(
        "UPDATE events_rules SET state = @state, next_fire_at = @nextFireAt, updated_at = @now " +
        "WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND name = @rule",
        new { rule.Bus.AccountId, rule.Bus.Region, rule.Bus.Name, rule = rule.Name, state, nextFireAt, now });

    public static async Task DeleteRuleAsync(DbSession db, RuleRef rule)
    {
        var scope = new { rule.Bus.AccountId, rule.Bus.Region, rule.Bus.Name, rule = rule.Name, arn = rule.Arn };
        await db.ExecuteAsync("DELETE FROM events_targets WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND rule_name = @rule", scope);
        await db.ExecuteAsync("DELETE FROM events_tags WHERE account_id = @AccountId AND region = @Region AND resource_arn = @arn", scope);
        await db.ExecuteAsync("DELETE FROM events_rules WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND name = @rule", scope);
    }

    /// <summary>Enabled schedule rules due at <paramref name="now"/>, across accounts (the scheduler's claim).</summary>
    public static Task<IReadOnlyList<RuleRecord>> DueScheduledRulesAsync(DbSession db, DateTimeOffset now, int limit) => db.QueryAsync(
        $"SELECT {RuleColumns} FROM events_rules WHERE next_fire_at IS NOT NULL AND next_fire_at <= @now AND state = 'ENABLED' " +
        $"ORDER BY next_fire_at LIMIT {limit}", ReadRule, new { now });

    public static Task SetNextFireAsync(DbSession db, RuleRef rule, DateTimeOffset? nextFireAt) => db.ExecuteAsync(
        "UPDATE events_rules SET next_fire_at = @nextFireAt WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND name = @rule",
        new { rule.Bus.AccountId, rule.Bus.Region, rule.Bus.Name, rule = rule.Name, nextFireAt });

    public static Task<DateTimeOffset?> NextScheduledFireAsync(DbSession db) =>
        db.ScalarAsync<DateTimeOffset?>("SELECT MIN(next_fire_at) FROM events_rules WHERE next_fire_at IS NOT NULL AND state = 'ENABLED'");

    private static RuleRecord ReadRule(DbRow r) => new(
        new RuleRef(new BusRef(r.GetString("account_id"), r.GetString("region"), r.GetString("bus_name")), r.GetString("name")),
        r.GetStringOrNull("event_pattern"), r.GetStringOrNull("schedule_expression"), r.GetString("state"), r.GetStringOrNull("description"),
        r.GetStringOrNull("role_arn"), r.GetDateTimeOffsetOrNull("next_fire_at"), r.GetDateTimeOffset("created_at"));

    /// <summary>Anonymous-object arguments plus optional ones (PostgreSQL cannot type a NULL used only in "@p IS NULL").</summary>
    private static Dictionary<string, object?> Args(object required, params (string Name, object? Value)[] optional)
    {
        var args = required.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(required));
        foreach (var (name, value) in optional)
        {
            if (value is not null)
            {
                args[name] = value;
            }
        }
        return args;
    }
}

internal static partial class EventsStore
{
    public static Task<IReadOnlyList<TargetRecord>> TargetsOfRuleAsync(DbSession db, RuleRef rule) => db.QueryAsync(
        "SELECT account_id, region, bus_name, rule_name, target_id, target_arn, definition FROM events_targets " +
        "WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND rule_name = @rule ORDER BY target_id",
        ReadTarget, new { rule.Bus.AccountId, rule.Bus.Region, rule.Bus.Name, rule = rule.Name });

    /// <summary>The targets of every enabled pattern rule of a bus (one query per routed batch).</summary>
    public static Task<IReadOnlyList<TargetRecord>> TargetsOfBusAsync(DbSession db, BusRef bus) => db.QueryAsync(
        "SELECT account_id, region, bus_name, rule_name, target_id, target_arn, definition FROM events_targets " +
        "WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name ORDER BY rule_name, target_id",
        ReadTarget, new { bus.AccountId, bus.Region, bus.Name });

    public static Task<long> CountTargetsAsync(DbSession db, RuleRef rule) => db.ScalarAsync<long>(
        "SELECT COUNT(*) FROM events_targets WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND rule_name = @rule",
        new { rule.Bus.AccountId, rule.Bus.Region, rule.Bus.Name, rule = rule.Name });

    public static Task UpsertTargetAsync(DbSession db, TargetRecord target, DateTimeOffset now) => db.ExecuteAsync(
        "INSERT INTO events_targets (account_id, region, bus_name, rule_name, target_id, target_arn, definition, created_at) " +
        "VALUES (@AccountId, @Region, @bus, @rule, @Id, @Arn, @definition, @now) " +
        "ON CONFLICT (account_id, region, bus_name, rule_name, target_id) DO UPDATE SET target_arn = excluded.target_arn, definition = excluded.definition",
        new
        {
            target.Rule.Bus.AccountId, target.Rule.Bus.Region, bus = target.Rule.Bus.Name, rule = target.Rule.Name, target.Id, target.Arn,
            definition = target.Definition.ToJsonString(), now,
        });

    public static async Task<bool> DeleteTargetAsync(DbSession db, RuleRef rule, string id) => await db.ExecuteAsync(
        "DELETE FROM events_targets WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name AND rule_name = @rule AND target_id = @id",
        new { rule.Bus.AccountId, rule.Bus.Region, rule.Bus.Name, rule = rule.Name, id }) == 1;

    public static Task<IReadOnlyList<string>> RuleNamesByTargetAsync(DbSession db, BusRef bus, string targetArn, string after, int limit) => db.QueryAsync(
        "SELECT DISTINCT rule_name FROM events_targets WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name " +
        $"AND target_arn = @targetArn AND rule_name > @after ORDER BY rule_name LIMIT {limit}",
        r => r.GetString("rule_name"), new { bus.AccountId, bus.Region, bus.Name, targetArn, after });

    private static TargetRecord ReadTarget(DbRow r) => new(
        new RuleRef(new BusRef(r.GetString("account_id"), r.GetString("region"), r.GetString("bus_name")), r.GetString("rule_name")),
        r.GetString("target_id"), r.GetString("target_arn"), (JsonObject)JsonNode.Parse(r.GetString("definition"))!);
}
