using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

internal sealed partial class EventsHandlers
{
    public async ValueTask<OperationResult> CreateEventBus(OperationCall call)
    {
        var bus = BusOf(call, "Name");
        if (call.Input.Optional("Name")!.Contains('/'))
        {
            throw errors.Validation("Event bus name must not contain '/'.");
        }
        if (call.Input.Optional("EventSourceName") is not null)
        {
            throw EventsErrors.NotImplemented("CreateEventBus with EventSourceName (partner event buses)");
        }
        if (call.Input["KmsKeyIdentifier"] is not null || call.Input["DeadLetterConfig"] is not null || call.Input["LogConfig"] is not null)
        {
            throw EventsErrors.NotImplemented("CreateEventBus with KmsKeyIdentifier, DeadLetterConfig or LogConfig");
        }
        var description = call.Input.Optional("Description");
        await database.WriteAsync(async db =>
        {
            if (bus.IsDefault || !await EventsStore.InsertBusAsync(db, bus, description, time.GetUtcNow()))
            {
                throw errors.BusExists(bus.Name);
            }
            await EventsStore.PutTagsAsync(db, bus.AccountId, bus.Region, bus.Arn, Tags(call.Input));
            return true;
        }, call.Aborted);
        var output = new JsonObject { ["EventBusArn"] = bus.Arn };
        if (description is not null)
        {
            output["Description"] = description;
        }
        return output;
    }

    public async ValueTask<OperationResult> DescribeEventBus(OperationCall call)
    {
        var bus = BusOf(call, "Name");
        var record = await database.ReadAsync(db => RequireBusAsync(db, bus), call.Aborted);
        return BusJson(record);
    }

    public async ValueTask<OperationResult> ListEventBuses(OperationCall call)
    {
        var prefix = call.Input.Optional("NamePrefix") ?? "";
        var after = After(call.Input);
        var limit = Limit(call.Input);
        var stored = await database.ReadAsync(db => EventsStore.ListBusesAsync(db, call.AccountId, call.Region), call.Aborted);
        var all = stored.Any(b => b.Bus.IsDefault)
            ? stored
            : [.. stored, new BusRecord(BusRef.DefaultOf(call.AccountId, call.Region), null, null, null, null)];
        var matching = all.Where(b => b.Bus.Name.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(b.Bus.Name, after) > 0)
            .OrderBy(b => b.Bus.Name, StringComparer.Ordinal).ToArray();
        return Page("EventBuses", matching, limit, b => b.Bus.Name, BusJson);
    }

    /// <summary>Deleting a bus that does not exist succeeds, as in AWS; its rules and targets go with it.</summary>
    public async ValueTask<OperationResult> DeleteEventBus(OperationCall call)
    {
        var bus = BusOf(call, "Name");
        if (bus.IsDefault)
        {
            throw errors.Validation("Cannot delete event bus default.");
        }
        await database.WriteAsync(async db =>
        {
            await EventsStore.DeleteBusAsync(db, bus);
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    private static JsonObject BusJson(BusRecord bus)
    {
        var json = new JsonObject { ["Name"] = bus.Bus.Name, ["Arn"] = bus.Bus.Arn };
        if (bus.Description is { } description)
        {
            json["Description"] = description;
        }
        if (bus.Policy is { } policy)
        {
            json["Policy"] = policy;
        }
        if (bus.CreatedAt is { } created)
        {
            json["CreationTime"] = JsonValue.Create(created);
        }
        if (bus.UpdatedAt is { } updated)
        {
            json["LastModifiedTime"] = JsonValue.Create(updated);
        }
        return json;
    }
}
