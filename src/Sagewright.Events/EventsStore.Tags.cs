using Sagewright.Data;

namespace Sagewright.Events;

internal static partial class EventsStore
{
    public static Task<IReadOnlyList<EventsTag>> TagsAsync(DbSession db, string accountId, string region, string arn) => db.QueryAsync(
        "SELECT tag_key, tag_value FROM events_tags WHERE account_id = @accountId AND region = @region AND resource_arn = @arn ORDER BY tag_key",
        r => new EventsTag(r.GetString("tag_key"), r.GetString("tag_value")), new { accountId, region, arn });

    public static async Task PutTagsAsync(DbSession db, string accountId, string region, string arn, IEnumerable<EventsTag> tags)
    {
        foreach (var tag in tags)
        {
            await db.ExecuteAsync(
                "INSERT INTO events_tags (account_id, region, resource_arn, tag_key, tag_value) VALUES (@accountId, @region, @arn, @Key, @Value) " +
                "ON CONFLICT (account_id, region, resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
                new { accountId, region, arn, tag.Key, tag.Value });
        }
    }

    public static async Task RemoveTagsAsync(DbSession db, string accountId, string region, string arn, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            await db.ExecuteAsync(
                "DELETE FROM events_tags WHERE account_id = @accountId AND region = @region AND resource_arn = @arn AND tag_key = @key",
                new { accountId, region, arn, key });
        }
    }
}
