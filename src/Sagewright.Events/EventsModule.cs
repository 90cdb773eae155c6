using Sagewright.Data;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

/// <summary>
/// Registers the EventBridge operations with their authorization. Operations on a bus or one of its rules are
/// authorized on that ARN with the bus policy as resource policy, so another account may PutEvents on a bus whose
/// policy allows it (and whose caller's own policies allow it too). Listings and TestEventPattern are on "*".
/// </summary>
internal sealed class EventsModule(IDatabase database, EventsHandlers handlers) : IAwsServiceModule
{
    public void Register(OperationRegistry r)
    {
        OnBus(r, "CreateEventBus", handlers.CreateEventBus, "Name");
        OnBus(r, "DescribeEventBus", handlers.DescribeEventBus, "Name");
        OnBus(r, "DeleteEventBus", handlers.DeleteEventBus, "Name");
        OnBus(r, "PutPermission", handlers.PutPermission, "EventBusName");
        OnBus(r, "RemovePermission", handlers.RemovePermission, "EventBusName");
        Events(r, "ListEventBuses", handlers.ListEventBuses, Access.To(_ => "*"));

        OnRule(r, "PutRule", handlers.PutRule, "Name");
        OnRule(r, "DescribeRule", handlers.DescribeRule, "Name");
        OnRule(r, "DeleteRule", handlers.DeleteRule, "Name");
        OnRule(r, "EnableRule", handlers.EnableRule, "Name");
        OnRule(r, "DisableRule", handlers.DisableRule, "Name");
        OnRule(r, "PutTargets", handlers.PutTargets, "Rule");
        OnRule(r, "RemoveTargets", handlers.RemoveTargets, "Rule");
        OnRule(r, "ListTargetsByRule", handlers.ListTargetsByRule, "Rule");
        Events(r, "ListRules", handlers.ListRules, Access.To(_ => "*"));
        Events(r, "ListRuleNamesByTarget", handlers.ListRuleNamesByTarget, Access.To(_ => "*"));

        Events(r, "TagResource", handlers.TagResource, OnResourceArn());
        Events(r, "UntagResource", handlers.UntagResource, OnResourceArn());
        Events(r, "ListTagsForResource", handlers.ListTagsForResource, OnResourceArn());

        // Entries on other buses than the first are authorized by the handler, each on its own bus.
        Events(r, "PutEvents", handlers.PutEvents, Access
            .To(call => EventsHandlers.EntryBus(call, 0).Arn)
            .WithResourcePolicy(BusPolicyAsync));
        Events(r, "TestEventPattern", handlers.TestEventPattern, Access.To(_ => "*"));
    }

    private static void Events(OperationRegistry r, string operation, OperationHandler handler, Access access) =>
        r.Add("events", operation, handler, access);

    private void OnBus(OperationRegistry r, string operation, OperationHandler handler, string member) =>
        Events(r, operation, handler, Access
            .To(call => BusRef.Parse(call.Input.Optional(member), call.AccountId, call.Region).Arn)
            .WithResourcePolicy(BusPolicyAsync));

    private void OnRule(OperationRegistry r, string operation, OperationHandler handler, string member) =>
        Events(r, operation, handler, Access
            .To(call => EventsHandlers.RuleOf(call, member).Arn)
            .WithResourcePolicy(BusPolicyAsync));

    private Access OnResourceArn() => Access.To(call => call.Input.Required("ResourceARN")).WithResourcePolicy(BusPolicyAsync);

    /// <summary>The policy of the bus a bus or rule ARN belongs to, with the bus's account as owner.</summary>
    public async ValueTask<ResourcePolicy?> BusPolicyAsync(OperationCall call, string resource, CancellationToken cancellationToken)
    {
        BusRef? bus = BusRef.TryParseArn(resource, out var named) ? named : RuleRef.TryParseArn(resource, out var rule) ? rule.Bus : null;
        if (bus is null)
        {
            return null;
        }
        var record = await database.ReadAsync(db => EventsStore.FindBusAsync(db, bus), cancellationToken);
        return new ResourcePolicy(record?.Policy, bus.AccountId);
    }
}
