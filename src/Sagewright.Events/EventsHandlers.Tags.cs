using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events;

/// <summary>Tags on buses and rules, named by ARN; another resource, or one that does not exist, is ResourceNotFound.</summary>
internal sealed partial class EventsHandlers
{
    public async ValueTask<OperationResult> TagResource(OperationCall call)
    {
        var arn = call.Input.Required("ResourceARN");
        var tags = Tags(call.Input);
        await database.WriteAsync(async db =>
        {
            var (account, region) = await RequireTaggableAsync(db, arn);
            await EventsStore.PutTagsAsync(db, account, region, arn, tags);
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> UntagResource(OperationCall call)
    {
        var arn = call.Input.Required("ResourceARN");
        var keys = StringList(call.Input, "TagKeys");
        await database.WriteAsync(async db =>
        {
            var (account, region) = await RequireTaggableAsync(db, arn);
            await EventsStore.RemoveTagsAsync(db, account, region, arn, keys);
            return true;
        }, call.Aborted);
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> ListTagsForResource(OperationCall call)
    {
        var arn = call.Input.Required("ResourceARN");
        var tags = await database.ReadAsync(async db =>
        {
            var (account, region) = await RequireTaggableAsync(db, arn);
            return await EventsStore.TagsAsync(db, account, region, arn);
        }, call.Aborted);
        return new JsonObject { ["Tags"] = Array(tags.Select(t => (JsonNode?)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })) };
    }

    private async Task<(string Account, string Region)> RequireTaggableAsync(DbSession db, string arn)
    {
        if (BusRef.TryParseArn(arn, out var bus) && await EventsStore.FindBusAsync(db, bus) is not null)
        {
            return (bus.AccountId, bus.Region);
        }
        if (RuleRef.TryParseArn(arn, out var rule) && await EventsStore.FindRuleAsync(db, rule) is not null)
        {
            return (rule.Bus.AccountId, rule.Bus.Region);
        }
        throw errors.ResourceNotFound(arn);
    }
}
