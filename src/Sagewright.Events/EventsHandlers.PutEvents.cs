using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

/// <summary>
/// PutEvents: each valid entry becomes an event in its bus's inbox, all in one transaction that commits before the
/// answer (so an acknowledged EventId survives a crash); the router is woken after the commit. Invalid entries get
/// ErrorCode/ErrorMessage and do not stop the others.
/// </summary>
internal sealed partial class EventsHandlers
{
    /// <summary>AWS's limit on the summed size of the entries of one request (256 KB).</summary>
    public const int MaxRequestSize = 256 * 1024;

    public static BusRef EntryBus(OperationCall call, int index) =>
        BusRef.Parse(call.Input["Entries"]!.AsArray()[index]!.AsObject().Optional("EventBusName"), call.AccountId, call.Region);

    public async ValueTask<OperationResult> PutEvents(OperationCall call)
    {
        var entries = call.Input["Entries"]!.AsArray().OfType<JsonObject>().ToArray();
        if (entries.Sum(EntrySize) > MaxRequestSize)
        {
            throw errors.Validation("Total size of the entries in the request is over the limit.");
        }
        var first = EntryBus(call, 0);
        foreach (var bus in entries.Select((_, i) => EntryBus(call, i)).Distinct().Where(b => b != first))
        {
            // The pipeline authorized the first entry's bus; each further bus needs the same permission.
            var policy = await database.ReadAsync(db => EventsStore.FindBusAsync(db, bus), call.Aborted);
            await authorizer.AuthorizeAsync(call.Context, "events:PutEvents", bus.Arn, new ResourcePolicy(policy?.Policy, bus.AccountId));
        }
        var now = time.GetUtcNow();
        var results = await database.WriteAsync(async db =>
        {
            var answers = new JsonArray();
            for (var i = 0; i < entries.Length; i++)
            {
                var bus = EntryBus(call, i);
                var (@event, errorCode, errorMessage) = Event(entries[i], call, bus, now);
                if (@event is not null && await EventsStore.FindBusAsync(db, bus) is null)
                {
                    (@event, errorCode, errorMessage) = (null, "ResourceNotFoundException", $"Event bus {bus.Name} does not exist.");
                }
                if (@event is null)
                {
                    answers.Add(new JsonObject { ["ErrorCode"] = errorCode, ["ErrorMessage"] = errorMessage });
                    continue;
                }
                var id = @event["id"]!.GetValue<string>();
                await EventsStore.InsertInboxAsync(db, bus, id, @event.ToJsonString(), hops: 0, now);
                answers.Add(new JsonObject { ["EventId"] = id });
            }
            db.AfterCommit(signals.Inbox.Set);
            return answers;
        }, call.Aborted);
        return new JsonObject
        {
            ["FailedEntryCount"] = results.Count(r => r!["ErrorCode"] is not null),
            ["Entries"] = results,
        };
    }

    private static (JsonObject? Event, string? ErrorCode, string? ErrorMessage) Event(JsonObject entry, OperationCall call, BusRef bus, DateTimeOffset now)
    {
        foreach (var member in new[] { "Source", "DetailType", "Detail" })
        {
            if (string.IsNullOrEmpty(entry.Optional(member)))
            {
                return (null, "InvalidArgument", $"Parameter {member} is not valid. Reason: {member} is a required argument.");
            }
        }
        JsonNode? detail;
        try
        {
            detail = JsonNode.Parse(entry.Required("Detail"));
        }
        catch (JsonException)
        {
            detail = null;
        }
        if (detail is not JsonObject)
        {
            return (null, "MalformedDetail", "Detail is malformed.");
        }
        var resources = entry["Resources"] is JsonArray list ? list.Select(r => r!.GetValue<string>()).ToArray() : [];
        var @event = EventEnvelope.Create(EventEnvelope.NewId(), entry.Required("Source"), entry.Required("DetailType"), call.AccountId,
            entry.OptionalTimestamp("Time") ?? now, bus.Region, resources, detail);
        return (@event, null, null);
    }

    /// <summary>AWS's entry size: Source, DetailType, Detail and Resources in UTF-8, plus 14 bytes when Time is given.</summary>
    private static int EntrySize(JsonObject entry) =>
        (entry["Time"] is null ? 0 : 14)
        + new[] { "Source", "DetailType", "Detail" }.Sum(m => entry.Optional(m) is { } text ? Encoding.UTF8.GetByteCount(text) : 0)
        + (entry["Resources"] is JsonArray resources ? resources.Sum(r => Encoding.UTF8.GetByteCount(r?.GetValue<string>() ?? "")) : 0);
}
