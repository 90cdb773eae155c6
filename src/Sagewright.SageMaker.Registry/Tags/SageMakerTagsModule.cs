using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.SageMaker.Registry.Tags;

/// <summary>
/// SageMaker's AddTags, ListTags and DeleteTags for every resource family that registers an
/// <see cref="ISageMakerTaggedResources"/>. Each is authorized on the resource ARN (owned by the ARN's account, so
/// another account's resource is denied), with aws:RequestTag/KEY and aws:TagKeys for the tags a request names.
/// </summary>
internal sealed class SageMakerTagsModule(IDatabase database, RegistryErrors errors, IEnumerable<ISageMakerTaggedResources> owners)
    : IAwsServiceModule
{
    /// <summary>ListTags answers at most this many tags per page unless MaxResults asks for more (its model minimum).</summary>
    private const int DefaultMaxResults = 50;

    private readonly ISageMakerTaggedResources[] _owners = owners.ToArray();

    public void Register(OperationRegistry r)
    {
        r.Add("sagemaker", "AddTags", AddTags, OnResource().WithContext(RequestTagKeys));
        r.Add("sagemaker", "ListTags", ListTags, OnResource());
        r.Add("sagemaker", "DeleteTags", DeleteTags, OnResource().WithContext(RemovedTagKeys));
    }

    private static Access OnResource() => Access
        .To(call => call.Input.Required("ResourceArn"))
        .WithResourcePolicy((_, arn, _) => ValueTask.FromResult<ResourcePolicy?>(
            new ResourcePolicy(null, SageMakerResourceArn.TryParse(arn)?.AccountId ?? "")));

    public static IEnumerable<KeyValuePair<string, string>> RequestTagKeys(OperationCall call) =>
        SageMakerTagStore.Read(call.Input["Tags"] as JsonArray)
            .SelectMany<SageMakerTag, KeyValuePair<string, string>>(t => [new("aws:RequestTag/" + t.Key, t.Value), new("aws:TagKeys", t.Key)]);

    private static IEnumerable<KeyValuePair<string, string>> RemovedTagKeys(OperationCall call) =>
        TagKeys(call).Select(k => new KeyValuePair<string, string>("aws:TagKeys", k));

    private async ValueTask<OperationResult> AddTags(OperationCall call)
    {
        var tags = SageMakerTagStore.Read(call.Input["Tags"] as JsonArray);
        await WriteAsync(call, async (db, arn, canonical) =>
        {
            SageMakerTagRules.Check(tags, await SageMakerTagStore.ListAsync(db, arn.AccountId, arn.Region, canonical), errors);
            await SageMakerTagStore.AddAsync(db, arn.AccountId, arn.Region, canonical, tags);
        });
        return new JsonObject { ["Tags"] = SageMakerTagStore.ToJson(tags) };
    }

    private async ValueTask<OperationResult> DeleteTags(OperationCall call)
    {
        var keys = TagKeys(call);
        SageMakerTagRules.CheckRemovable(keys, errors);
        await WriteAsync(call, (db, arn, canonical) => SageMakerTagStore.DeleteAsync(db, arn.AccountId, arn.Region, canonical, keys));
        return OperationResult.Empty;
    }

    /// <summary>Pages by key: NextToken is the last key returned.</summary>
    private async ValueTask<OperationResult> ListTags(OperationCall call)
    {
        var arn = Parse(call);
        var owner = Owner(arn);
        var tags = await database.ReadAsync(async db =>
        {
            var canonical = await owner.FindAsync(db, arn) ?? throw errors.TaggedResourceNotFound(call.Input.Required("ResourceArn"));
            return await SageMakerTagStore.ListAsync(db, arn.AccountId, arn.Region, canonical);
        }, call.Aborted);
        var after = call.Input.Optional("NextToken");
        var limit = (int)(call.Input.OptionalInt64("MaxResults") ?? DefaultMaxResults);
        var window = tags.Where(t => after is null || string.CompareOrdinal(t.Key, after) > 0).Take(limit + 1).ToArray();
        var output = new JsonObject { ["Tags"] = SageMakerTagStore.ToJson(window.Take(limit)) };
        if (window.Length > limit)
        {
            output["NextToken"] = window[limit - 1].Key;
        }
        return output;
    }

    private Task WriteAsync(OperationCall call, Func<DbSession, SageMakerResourceArn, string, Task> change)
    {
        var arn = Parse(call);
        var owner = Owner(arn);
        return database.WriteAsync(async db =>
        {
            var canonical = await owner.FindAsync(db, arn) ?? throw errors.TaggedResourceNotFound(call.Input.Required("ResourceArn"));
            await change(db, arn, canonical);
            return true;
        }, call.Aborted);
    }

    private SageMakerResourceArn Parse(OperationCall call) =>
        SageMakerResourceArn.TryParse(call.Input.Required("ResourceArn")) ?? throw errors.InvalidArn(call.Input.Required("ResourceArn"));

    /// <summary>A resource type no module serves yet cannot exist here, so it is not found (as any missing resource).</summary>
    private ISageMakerTaggedResources Owner(SageMakerResourceArn arn) =>
        _owners.FirstOrDefault(o => o.Owns(arn.ResourceType)) ?? throw errors.TaggedResourceNotFound($"arn:aws:sagemaker:{arn.Region}:{arn.AccountId}:{arn.ResourceType}/{arn.Path}");

    private static IReadOnlyList<string> TagKeys(OperationCall call) =>
        (call.Input["TagKeys"] as JsonArray ?? []).Select(k => k!.GetValue<string>()).ToArray();
}
