using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.Iam;

internal static partial class IamStore
{
    private const string PolicyColumns = """
        account_id, policy_name, policy_id, path, arn, description, default_version, next_version, created_at, updated_at
        """;

    // ---- inline policies ----

    public static Task<IReadOnlyList<InlinePolicyRecord>> ListInlinePoliciesAsync(DbSession db, string accountId, string entityKind, string entityKey) =>
        db.QueryAsync(
            """
            SELECT policy_name, document FROM iam_inline_policies
            WHERE account_id = @accountId AND entity_kind = @entityKind AND entity_key = @entityKey ORDER BY policy_name
            """,
            row => new InlinePolicyRecord(row.GetString("policy_name"), row.GetString("document")), new { accountId, entityKind, entityKey });

    public static Task PutInlinePolicyAsync(DbSession db, string accountId, string entityKind, string entityKey, InlinePolicyRecord policy) =>
        db.ExecuteAsync(
            """
            INSERT INTO iam_inline_policies (account_id, entity_kind, entity_key, policy_name, document)
            VALUES (@accountId, @entityKind, @entityKey, @PolicyName, @Document)
            ON CONFLICT (account_id, entity_kind, entity_key, policy_name) DO UPDATE SET document = excluded.document
            """, new { accountId, entityKind, entityKey, policy.PolicyName, policy.Document });

    /// <summary>Returns whether the policy existed.</summary>
    public static async Task<bool> DeleteInlinePolicyAsync(DbSession db, string accountId, string entityKind, string entityKey, string policyName) =>
        await db.ExecuteAsync(
            """
            DELETE FROM iam_inline_policies
            WHERE account_id = @accountId AND entity_kind = @entityKind AND entity_key = @entityKey AND policy_name = @policyName
            """, new { accountId, entityKind, entityKey, policyName }) > 0;

    // ---- managed policies ----

    public static Task InsertManagedPolicyAsync(DbSession db, ManagedPolicyRecord policy) => db.ExecuteAsync(
        """
        INSERT INTO iam_managed_policies (account_id, name_key, policy_name, policy_id, path, arn, description, default_version,
            next_version, created_at, updated_at)
        VALUES (@AccountId, @Key, @PolicyName, @PolicyId, @Path, @Arn, @Description, @DefaultVersionId, @NextVersion, @CreatedAt, @UpdatedAt)
        """,
        new
        {
            policy.AccountId,
            policy.Key,
            policy.PolicyName,
            policy.PolicyId,
            policy.Path,
            policy.Arn,
            policy.Description,
            policy.DefaultVersionId,
            NextVersion = (long)policy.NextVersion,
            policy.CreatedAt,
            policy.UpdatedAt,
        });

    public static Task UpdateManagedPolicyAsync(DbSession db, ManagedPolicyRecord policy) => db.ExecuteAsync(
        """
        UPDATE iam_managed_policies SET default_version = @DefaultVersionId, next_version = @NextVersion, updated_at = @UpdatedAt
        WHERE account_id = @AccountId AND name_key = @Key
        """, new { policy.AccountId, policy.Key, policy.DefaultVersionId, NextVersion = (long)policy.NextVersion, policy.UpdatedAt });

    public static async Task<bool> PolicyNameTakenAsync(DbSession db, string accountId, string policyName) =>
        await db.ScalarAsync<long>("SELECT COUNT(*) FROM iam_managed_policies WHERE account_id = @accountId AND name_key = @key",
            new { accountId, key = IamArns.NameKey(policyName) }) > 0;

    /// <summary>
    /// A managed policy the account can use: an AWS managed one, or one of its own. Other accounts' policies are
    /// never visible, whatever their ARN.
    /// </summary>
    public static async Task<ManagedPolicyRecord?> FindManagedPolicyAsync(DbSession db, string accountId, string arn)
    {
        if (AwsManagedPolicies.Find(arn) is { } aws)
        {
            return FromAwsManaged(aws);
        }
        if (!IamArns.TryParse(arn, "policy", out var parsed) || parsed.AccountId != accountId)
        {
            return null;
        }
        return await db.QuerySingleOrDefaultAsync(
            $"SELECT {PolicyColumns} FROM iam_managed_policies WHERE account_id = @accountId AND arn = @arn",
            ReadPolicy, new { accountId, arn });
    }

    public static Task<IReadOnlyList<ManagedPolicyRecord>> ListLocalPoliciesAsync(DbSession db, string accountId) => db.QueryAsync(
        $"SELECT {PolicyColumns} FROM iam_managed_policies WHERE account_id = @accountId ORDER BY name_key",
        ReadPolicy, new { accountId });

    public static async Task DeleteManagedPolicyAsync(DbSession db, ManagedPolicyRecord policy)
    {
        var args = new { policy.AccountId, policy.Key, policy.Arn };
        await db.ExecuteAsync("DELETE FROM iam_policy_versions WHERE account_id = @AccountId AND policy_arn = @Arn", args);
        await db.ExecuteAsync("DELETE FROM iam_managed_policies WHERE account_id = @AccountId AND name_key = @Key", args);
    }

    public static ManagedPolicyRecord FromAwsManaged(AwsManagedPolicy policy) => new(
        IamArns.AwsAccount, policy.Name, policy.PolicyId, "/", policy.Arn, policy.Description, AwsManagedPolicies.VersionId, 2,
        AwsManagedPolicies.Published, AwsManagedPolicies.Published);

    private static ManagedPolicyRecord ReadPolicy(DbRow row) => new(
        row.GetString("account_id"),
        row.GetString("policy_name"),
        row.GetString("policy_id"),
        row.GetString("path"),
        row.GetString("arn"),
        row.GetStringOrNull("description"),
        row.GetString("default_version"),
        row.GetInt32("next_version"),
        row.GetDateTimeOffset("created_at"),
        row.GetDateTimeOffset("updated_at"));

    // ---- versions ----

    public static Task InsertPolicyVersionAsync(DbSession db, ManagedPolicyRecord policy, PolicyVersionRecord version) => db.ExecuteAsync(
        """
        INSERT INTO iam_policy_versions (account_id, policy_arn, version_id, version_number, document, created_at)
        VALUES (@AccountId, @Arn, @VersionId, @VersionNumber, @Document, @CreatedAt)
        """,
        new { policy.AccountId, policy.Arn, version.VersionId, VersionNumber = (long)version.VersionNumber, version.Document, version.CreatedAt });

    public static async Task<IReadOnlyList<PolicyVersionRecord>> ListPolicyVersionsAsync(DbSession db, ManagedPolicyRecord policy)
    {
        if (policy.IsAwsManaged)
        {
            return [AwsManagedVersion(policy)];
        }
        return await db.QueryAsync(
            """
            SELECT version_id, version_number, document, created_at FROM iam_policy_versions
            WHERE account_id = @AccountId AND policy_arn = @Arn ORDER BY version_number DESC
            """,
            row => new PolicyVersionRecord(row.GetString("version_id"), row.GetInt32("version_number"), row.GetString("document"),
                row.GetDateTimeOffset("created_at")),
            new { policy.AccountId, policy.Arn });
    }

    public static async Task<PolicyVersionRecord?> FindPolicyVersionAsync(DbSession db, ManagedPolicyRecord policy, string versionId) =>
        (await ListPolicyVersionsAsync(db, policy)).FirstOrDefault(v => v.VersionId == versionId);

    public static async Task<string> DefaultDocumentAsync(DbSession db, ManagedPolicyRecord policy) =>
        (await FindPolicyVersionAsync(db, policy, policy.DefaultVersionId))?.Document
        ?? throw new InvalidOperationException($"Policy {policy.Arn} has no version {policy.DefaultVersionId}.");

    public static Task DeletePolicyVersionAsync(DbSession db, ManagedPolicyRecord policy, string versionId) => db.ExecuteAsync(
        "DELETE FROM iam_policy_versions WHERE account_id = @AccountId AND policy_arn = @Arn AND version_id = @versionId",
        new { policy.AccountId, policy.Arn, versionId });

    private static PolicyVersionRecord AwsManagedVersion(ManagedPolicyRecord policy) => new(
        AwsManagedPolicies.VersionId, 1, AwsManagedPolicies.Find(policy.Arn)!.Document, AwsManagedPolicies.Published);

    // ---- attachments and boundaries ----

    public static Task<IReadOnlyList<string>> ListAttachedPolicyArnsAsync(DbSession db, string accountId, string entityKind, string entityKey) =>
        db.QueryAsync(
            """
            SELECT policy_arn FROM iam_attached_policies
            WHERE account_id = @accountId AND entity_kind = @entityKind AND entity_key = @entityKey ORDER BY policy_arn
            """,
            row => row.GetString("policy_arn"), new { accountId, entityKind, entityKey });

    public static Task AttachPolicyAsync(DbSession db, string accountId, string entityKind, string entityKey, string policyArn) => db.ExecuteAsync(
        """
        INSERT INTO iam_attached_policies (account_id, entity_kind, entity_key, policy_arn)
        VALUES (@accountId, @entityKind, @entityKey, @policyArn)
        ON CONFLICT (account_id, entity_kind, entity_key, policy_arn) DO NOTHING
        """, new { accountId, entityKind, entityKey, policyArn });

    /// <summary>Returns whether the policy was attached.</summary>
    public static async Task<bool> DetachPolicyAsync(DbSession db, string accountId, string entityKind, string entityKey, string policyArn) =>
        await db.ExecuteAsync(
            """
            DELETE FROM iam_attached_policies
            WHERE account_id = @accountId AND entity_kind = @entityKind AND entity_key = @entityKey AND policy_arn = @policyArn
            """, new { accountId, entityKind, entityKey, policyArn }) > 0;

    public static async Task<int> CountAttachmentsAsync(DbSession db, string accountId, string policyArn) =>
        (int)await db.ScalarAsync<long>("SELECT COUNT(*) FROM iam_attached_policies WHERE account_id = @accountId AND policy_arn = @policyArn",
            new { accountId, policyArn });

    public static async Task<int> CountBoundaryUsesAsync(DbSession db, string accountId, string policyArn) =>
        (int)(await db.ScalarAsync<long>("SELECT COUNT(*) FROM iam_users WHERE account_id = @accountId AND permissions_boundary = @policyArn",
            new { accountId, policyArn })
        + await db.ScalarAsync<long>("SELECT COUNT(*) FROM iam_roles WHERE account_id = @accountId AND permissions_boundary = @policyArn",
            new { accountId, policyArn }));

    public static async Task<Dictionary<string, int>> CountAttachmentsByPolicyAsync(DbSession db, string accountId) =>
        (await db.QueryAsync(
            "SELECT policy_arn, COUNT(*) AS uses FROM iam_attached_policies WHERE account_id = @accountId GROUP BY policy_arn",
            row => (Arn: row.GetString("policy_arn"), Uses: row.GetInt32("uses")), new { accountId }))
        .ToDictionary(r => r.Arn, r => r.Uses, StringComparer.Ordinal);

    public static async Task<Dictionary<string, int>> CountBoundaryUsesByPolicyAsync(DbSession db, string accountId) =>
        (await db.QueryAsync(
            """
            SELECT permissions_boundary FROM iam_users WHERE account_id = @accountId AND permissions_boundary IS NOT NULL
            UNION ALL
            SELECT permissions_boundary FROM iam_roles WHERE account_id = @accountId AND permissions_boundary IS NOT NULL
            """,
            row => row.GetString("permissions_boundary"), new { accountId }))
        .GroupBy(arn => arn, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// The policies that grant an identity its permissions: inline (source type "user"/"role"), attached managed
    /// (aws-managed/user-managed) and the permissions boundary, as the policy engine and the simulator consume them.
    /// </summary>
    public static async Task<IdentityPolicySet> LoadIdentityPoliciesAsync(DbSession db, string accountId, string entityKind, string entityKey,
        string? boundaryArn)
    {
        var policies = new List<PolicyText>();
        foreach (var inline in await ListInlinePoliciesAsync(db, accountId, entityKind, entityKey))
        {
            policies.Add(new PolicyText(inline.Document, inline.PolicyName, entityKind));
        }
        foreach (var arn in await ListAttachedPolicyArnsAsync(db, accountId, entityKind, entityKey))
        {
            if (await ManagedPolicyTextAsync(db, accountId, arn) is { } text)
            {
                policies.Add(text);
            }
        }
        var boundary = boundaryArn is null ? null : await ManagedPolicyTextAsync(db, accountId, boundaryArn);
        return new IdentityPolicySet(policies, boundary);
    }

    public static async Task<PolicyText?> ManagedPolicyTextAsync(DbSession db, string accountId, string arn) =>
        await FindManagedPolicyAsync(db, accountId, arn) is { } policy
            ? new PolicyText(await DefaultDocumentAsync(db, policy), policy.PolicyName, policy.SourceType)
            : null;
}
