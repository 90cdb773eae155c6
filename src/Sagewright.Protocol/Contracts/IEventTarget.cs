using System.Text.Json.Nodes;

namespace Sagewright.Protocol.Contracts;

/// <summary>
/// A kind of event-rule target (another event bus, an API destination, a command, the model-package replicator),
/// recognised by its ARN. The Events module stores targets, routes matching events to them through a durable outbox
/// and calls <see cref="DeliverAsync"/> with retries; each kind lives with the service it belongs to and is
/// registered in DI as an <see cref="IEventTarget"/>.
/// </summary>
public interface IEventTarget
{
    /// <summary>Whether this kind delivers to targets with this ARN (e.g. <c>arn:aws:lambda:…:function:NAME</c>).</summary>
    bool Accepts(string targetArn);

    /// <summary>
    /// Checks a target when PutTargets stores it (e.g. that the API destination exists, that the command is one the
    /// operator configured); a failure becomes that entry's FailedEntries ErrorCode and ErrorMessage.
    /// </summary>
    ValueTask<TargetCheck> CheckAsync(EventTargetDefinition target, CancellationToken cancellationToken);

    /// <summary>Delivers one event. Throwing is treated as a retryable failure.</summary>
    ValueTask<TargetOutcome> DeliverAsync(EventTargetInvocation invocation, CancellationToken cancellationToken);
}

/// <param name="RuleAccountId">The account that owns the rule (and so the target definition).</param>
/// <param name="Target">The target as given to PutTargets (Id, Arn, RoleArn, HttpParameters…).</param>
public sealed record EventTargetDefinition(string RuleAccountId, string Region, string RuleArn, JsonObject Target);

/// <param name="Event">The event as matched (id, detail-type, source, account, time, region, resources, detail).</param>
/// <param name="Payload">What the target receives after Input / InputPath / InputTransformer: the event JSON by default.</param>
/// <param name="Attempt">1 for the first attempt.</param>
public sealed record EventTargetInvocation(string RuleAccountId, string Region, string RuleArn, JsonObject Target,
    JsonObject Event, string Payload, int Attempt);

public sealed record TargetCheck(string? ErrorCode = null, string? ErrorMessage = null)
{
    public static readonly TargetCheck Valid = new();
    public bool IsValid => ErrorCode is null;
}

/// <param name="Retryable">For a failure: whether another attempt may succeed (a 5xx or timeout) or not (a 4xx, a denied role).</param>
public sealed record TargetOutcome(bool Delivered, bool Retryable, string? Error)
{
    public static readonly TargetOutcome Success = new(true, false, null);
    public static TargetOutcome Retry(string error) => new(false, true, error);
    public static TargetOutcome Fail(string error) => new(false, false, error);
}
