using System.Text.Json.Nodes;

namespace Sagewright.Events;

internal sealed record BusRecord(BusRef Bus, string? Description, string? Policy, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);

internal static class RuleStates
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
}

internal sealed record RuleRecord(
    RuleRef Rule,
    string? EventPattern,
    string? ScheduleExpression,
    string State,
    string? Description,
    string? RoleArn,
    DateTimeOffset? NextFireAt,
    DateTimeOffset CreatedAt)
{
    public bool Enabled => State == RuleStates.Enabled;
}

/// <summary>A target as PutTargets stored it; <see cref="Definition"/> is the Target structure as given.</summary>
internal sealed record TargetRecord(RuleRef Rule, string Id, string Arn, JsonObject Definition);

internal sealed record EventsTag(string Key, string Value);
