using Sagewright.Data;

namespace Sagewright.Kms;

internal static partial class KmsStore
{
    private const string AliasColumns = "a.account_id, a.region, a.alias_name, a.target_key_id, a.created_at, a.updated_at";

    /// <summary>An alias counts only while its key does (aliases of a key past its deletion date are gone).</summary>
    private const string TargetIsLive = """
        EXISTS (SELECT 1 FROM kms_keys k WHERE k.account_id = a.account_id AND k.region = a.region AND k.key_id = a.target_key_id
            AND (k.deletion_date IS NULL OR k.deletion_date > @now))
        """;

    public static Task<AliasRecord?> FindAliasAsync(DbSession db, string accountId, string region, string aliasName, DateTimeOffset now) =>
        db.QuerySingleOrDefaultAsync(
            $"""
            SELECT {AliasColumns} FROM kms_aliases a
            WHERE a.account_id = @accountId AND a.region = @region AND a.alias_name = @aliasName AND {TargetIsLive}
            """,
            ReadAlias, new { accountId, region, aliasName, now });

    /// <summary>Inserts unless the name is taken (by a live alias or one left by a deleted key, which is replaced); false when taken.</summary>
    public static async Task<bool> TryInsertAliasAsync(DbSession db, AliasRecord alias, DateTimeOffset now)
    {
        await db.ExecuteAsync(
            """
            DELETE FROM kms_aliases WHERE account_id = @AccountId AND region = @Region AND alias_name = @AliasName AND NOT EXISTS (
                SELECT 1 FROM kms_keys k WHERE k.account_id = kms_aliases.account_id AND k.region = kms_aliases.region
                    AND k.key_id = kms_aliases.target_key_id AND (k.deletion_date IS NULL OR k.deletion_date > @now))
            """,
            new { alias.AccountId, alias.Region, alias.AliasName, now });
        return await db.ExecuteAsync(
            """
            INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, updated_at)
            VALUES (@AccountId, @Region, @AliasName, @TargetKeyId, @CreatedAt, @UpdatedAt)
            ON CONFLICT (account_id, region, alias_name) DO NOTHING
            """,
            alias) == 1;
    }

    public static Task RetargetAliasAsync(DbSession db, AliasRecord alias, string targetKeyId, DateTimeOffset now) => db.ExecuteAsync(
        """
        UPDATE kms_aliases SET target_key_id = @targetKeyId, updated_at = @now
        WHERE account_id = @AccountId AND region = @Region AND alias_name = @AliasName
        """,
        new { alias.AccountId, alias.Region, alias.AliasName, targetKeyId, now });

    public static Task DeleteAliasAsync(DbSession db, AliasRecord alias) => db.ExecuteAsync(
        "DELETE FROM kms_aliases WHERE account_id = @AccountId AND region = @Region AND alias_name = @AliasName",
        new { alias.AccountId, alias.Region, alias.AliasName });

    /// <summary>Aliases from <paramref name="startName"/> on, by name; only those of <paramref name="targetKeyId"/> when given.</summary>
    public static Task<IReadOnlyList<AliasRecord>> ListAliasesAsync(DbSession db, string accountId, string region, string? targetKeyId,
        string startName, int take, DateTimeOffset now)
    {
        var byKey = targetKeyId is null ? "" : "AND a.target_key_id = @targetKeyId";
        return db.QueryAsync(
            $"""
            SELECT {AliasColumns} FROM kms_aliases a
            WHERE a.account_id = @accountId AND a.region = @region AND a.alias_name >= @startName {byKey} AND {TargetIsLive}
            ORDER BY a.alias_name LIMIT @take
            """,
            ReadAlias, new { accountId, region, targetKeyId = targetKeyId ?? "", startName, take = (long)take, now });
    }

    private static AliasRecord ReadAlias(DbRow row) => new(
        row.GetString("account_id"),
        row.GetString("region"),
        row.GetString("alias_name"),
        row.GetString("target_key_id"),
        row.GetDateTimeOffset("created_at"),
        row.GetDateTimeOffset("updated_at"));
}
