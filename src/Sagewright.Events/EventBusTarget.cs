using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Policy;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Contracts;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

/// <summary>
/// Event-bus targets (<c>arn:aws:events:R:A:event-bus/NAME</c>): the event goes unchanged (same id, source, account,
/// detail) into the target bus's inbox. The rule's own account may always write there. Another account's bus must
/// allow events:PutEvents in its policy: without RoleArn to the rule's account (its root), with RoleArn to the role
/// (or its account), whose own identity policies must allow it too; the role is assumed as events.amazonaws.com for
/// the rule. A denial, a missing bus or an untrusting role is final: the event is dead-lettered with the reason.
/// </summary>
internal sealed class EventBusTarget(IDatabase database, Authorizer authorizer, IServiceRoleSessions roles, EventSignals signals, TimeProvider time)
    : IEventTarget
{
    public const string ServicePrincipal = "events.amazonaws.com";

    public static bool IsBus(string arn) => BusRef.TryParseArn(arn, out _);

    public bool Accepts(string targetArn) => IsBus(targetArn);

    public ValueTask<TargetCheck> CheckAsync(EventTargetDefinition target, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TargetCheck.Valid);

    public async ValueTask<TargetOutcome> DeliverAsync(EventTargetInvocation invocation, CancellationToken cancellationToken)
    {
        if (!BusRef.TryParseArn(invocation.Target.Required("Arn"), out var bus))
        {
            return TargetOutcome.Fail($"{invocation.Target.Required("Arn")} is not an event bus ARN.");
        }
        var record = await database.ReadAsync(db => EventsStore.FindBusAsync(db, bus), cancellationToken);
        if (record is null)
        {
            return TargetOutcome.Fail($"Event bus {bus.Arn} does not exist.");
        }
        if (await DenialAsync(invocation, record, cancellationToken) is { } denial)
        {
            return TargetOutcome.Fail(denial);
        }
        var eventId = invocation.Event["id"]?.GetValue<string>() ?? EventEnvelope.NewId();
        await database.WriteAsync(async db =>
        {
            await EventsStore.InsertInboxAsync(db, bus, eventId, invocation.Event.ToJsonString(), hops: 1, time.GetUtcNow());
            db.AfterCommit(signals.Inbox.Set);
            return true;
        }, cancellationToken);
        return TargetOutcome.Success;
    }

    /// <summary>Why the rule may not put events on the bus, or null when it may.</summary>
    private async Task<string?> DenialAsync(EventTargetInvocation invocation, BusRecord bus, CancellationToken cancellationToken)
    {
        CallerIdentity caller;
        if (invocation.Target.Optional("RoleArn") is { } roleArn)
        {
            try
            {
                var session = await roles.AssumeRoleAsync(new ServiceRoleRequest(roleArn, ServicePrincipal, invocation.RuleAccountId,
                    invocation.RuleArn, "EventBridge-" + Ids.RandomString("0123456789abcdef", 12), TimeSpan.FromMinutes(15)), cancellationToken);
                caller = session.Caller;
            }
            catch (AwsServiceException e)
            {
                return e.Message;
            }
        }
        else if (bus.Bus.AccountId == invocation.RuleAccountId)
        {
            return null;
        }
        else
        {
            caller = CallerIdentity.Root(invocation.RuleAccountId);
        }
        var keys = Authorizer.PrincipalConditionKeys(caller);
        keys["aws:SourceAccount"] = [invocation.RuleAccountId];
        keys["aws:SourceArn"] = [invocation.RuleArn];
        var result = await authorizer.EvaluateAsync(caller, "events:PutEvents", bus.Bus.Arn,
            new ResourcePolicy(bus.Policy, bus.Bus.AccountId), keys, cancellationToken);
        return result.Decision == Decision.Allowed
            ? null
            : $"{caller.Arn} is not authorized to perform: events:PutEvents on resource: {bus.Bus.Arn} because {result.Reason}";
    }
}
