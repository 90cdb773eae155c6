using Sagewright.Data;

namespace Sagewright.Iam;

internal static partial class IamStore
{
    public static Task<IReadOnlyList<IamTag>> ListTagsAsync(DbSession db, string accountId, string entityKind, string entityKey) => db.QueryAsync(
        """
        SELECT tag_key, tag_value FROM iam_tags
        WHERE account_id = @accountId AND entity_kind = @entityKind AND entity_key = @entityKey ORDER BY tag_key
        """,
        row => new IamTag(row.GetString("tag_key"), row.GetString("tag_value")), new { accountId, entityKind, entityKey });

    public static async Task PutTagsAsync(DbSession db, string accountId, string entityKind, string entityKey, IEnumerable<IamTag> tags)
    {
        foreach (var tag in tags)
        {
            await db.ExecuteAsync(
                """
                INSERT INTO iam_tags (account_id, entity_kind, entity_key, tag_key, tag_value)
                VALUES (@accountId, @entityKind, @entityKey, @Key, @Value)
                ON CONFLICT (account_id, entity_kind, entity_key, tag_key) DO UPDATE SET tag_value = excluded.tag_value
                """, new { accountId, entityKind, entityKey, tag.Key, tag.Value });
        }
    }

    public static Task DeleteAllTagsAsync(DbSession db, string accountId, string entityKind, string entityKey) => db.ExecuteAsync(
        "DELETE FROM iam_tags WHERE account_id = @accountId AND entity_kind = @entityKind AND entity_key = @entityKey",
        new { accountId, entityKind, entityKey });

    public static async Task DeleteTagsAsync(DbSession db, string accountId, string entityKind, string entityKey, IEnumerable<string> tagKeys)
    {
        foreach (var tagKey in tagKeys)
        {
            await db.ExecuteAsync(
                "DELETE FROM iam_tags WHERE account_id = @accountId AND entity_kind = @entityKind AND entity_key = @entityKey AND tag_key = @tagKey",
                new { accountId, entityKind, entityKey, tagKey });
        }
    }
}
