using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.Iam;

/// <summary>
/// Temporary credentials (AssumeRole, GetSessionToken). Stored rather than self-describing so that every replica
/// sees them and deleting a role or user revokes its sessions.
/// </summary>
internal sealed record SessionRecord(
    string AccessKeyId,
    string AccountId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    PrincipalKind Kind,
    string Arn,
    string UserId,
    string? UserKey = null,
    string? RoleKey = null,
    string? RoleArn = null,
    string? SessionName = null,
    string? SessionPolicy = null);

internal static partial class IamStore
{
    public static Task InsertSessionAsync(DbSession db, SessionRecord session) => db.ExecuteAsync(
        """
        INSERT INTO iam_sessions (access_key_id, account_id, secret_access_key, session_token, issued_at, expires_at, principal_kind,
            arn, user_id, user_key, role_key, role_arn, session_name, session_policy)
        VALUES (@AccessKeyId, @AccountId, @SecretAccessKey, @SessionToken, @IssuedAt, @ExpiresAt, @Kind, @Arn, @UserId, @UserKey,
            @RoleKey, @RoleArn, @SessionName, @SessionPolicy)
        """, session);

    /// <summary>
    /// The session with this access key id if the identity it was issued for still exists (a role or user deleted
    /// and re-created under the same name is a different identity).
    /// </summary>
    public static async Task<SessionRecord?> FindLiveSessionAsync(DbSession db, string accessKeyId)
    {
        var found = await db.QuerySingleOrDefaultAsync(
            """
            SELECT s.access_key_id, s.account_id, s.secret_access_key, s.session_token, s.issued_at, s.expires_at, s.principal_kind,
                s.arn, s.user_id, s.user_key, s.role_key, s.role_arn, s.session_name, s.session_policy,
                r.role_id AS current_role_id, u.user_id AS current_user_id
            FROM iam_sessions s
            LEFT JOIN iam_roles r ON r.account_id = s.account_id AND r.name_key = s.role_key
            LEFT JOIN iam_users u ON u.account_id = s.account_id AND u.name_key = s.user_key
            WHERE s.access_key_id = @accessKeyId
            """,
            row => (Session: ReadSession(row), RoleId: row.GetStringOrNull("current_role_id"), UserId: row.GetStringOrNull("current_user_id")),
            new { accessKeyId });
        if (found.Session is not { } session)
        {
            return null;
        }
        var alive = session.Kind switch
        {
            PrincipalKind.AssumedRole => found.RoleId is { } roleId && session.UserId.StartsWith(roleId + ":", StringComparison.Ordinal),
            PrincipalKind.User => found.UserId == session.UserId,
            _ => true,
        };
        return alive ? session : null;
    }

    /// <summary>Forgets sessions that expired before <paramref name="cutoff"/>.</summary>
    public static Task<int> DeleteSessionsExpiredBeforeAsync(DbSession db, DateTimeOffset cutoff) =>
        db.ExecuteAsync("DELETE FROM iam_sessions WHERE expires_at < @cutoff", new { cutoff });

    private static SessionRecord ReadSession(DbRow row) => new(
        row.GetString("access_key_id"),
        row.GetString("account_id"),
        row.GetString("secret_access_key"),
        row.GetString("session_token"),
        row.GetDateTimeOffset("issued_at"),
        row.GetDateTimeOffset("expires_at"),
        (PrincipalKind)row.GetInt64("principal_kind"),
        row.GetString("arn"),
        row.GetString("user_id"),
        row.GetStringOrNull("user_key"),
        row.GetStringOrNull("role_key"),
        row.GetStringOrNull("role_arn"),
        row.GetStringOrNull("session_name"),
        row.GetStringOrNull("session_policy"));
}
