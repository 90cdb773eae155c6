using System.Text.Json.Nodes;
using Sagewright.Data;

namespace Sagewright.Protocol.Contracts;

/// <summary>
/// Puts events that the platform itself emits (source <c>aws.sagemaker</c> and the like) on an account's default
/// event bus. Implemented by the Events module; emitting services depend only on this interface.
/// The event is written in the caller's own write transaction (a transactional outbox): it exists exactly when the
/// change it describes committed, and it is routed to matching rules and delivered after the commit.
/// </summary>
public interface IEventPublisher
{
    ValueTask PublishAsync(DbSession transaction, PlatformEvent platformEvent);
}

/// <summary>An event as EventBridge shows it: <c>detail-type</c>, <c>source</c>, <c>resources</c> and <c>detail</c>.</summary>
/// <param name="AccountId">The account whose default bus receives it (the account that owns the resource).</param>
/// <param name="Time">When the change happened; the event's <c>time</c> (whole seconds, UTC).</param>
public sealed record PlatformEvent(
    string AccountId,
    string Region,
    string Source,
    string DetailType,
    IReadOnlyList<string> Resources,
    JsonObject Detail,
    DateTimeOffset Time);
