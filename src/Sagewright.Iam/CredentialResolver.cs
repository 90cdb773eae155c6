using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.Iam;

/// <summary>
/// Finds the secret and identity behind an access key id: an account's root keys, users' Active keys, and
/// temporary credentials (ASIA…) with their session token and expiration, which the pipeline checks.
/// Found credentials are cached (<see cref="IamCache"/>).
/// </summary>
public sealed class CredentialResolver(IDatabase database, IamCache cache) : ICredentialResolver
{
    // One delegate for every lookup: a lambda capturing the key would be allocated on every request, cache hits included.
    private readonly Func<string, CancellationToken, Task<ResolvedCredential?>> _load = (accessKeyId, cancellationToken) =>
        database.ReadAsync(db => accessKeyId.StartsWith("ASIA", StringComparison.Ordinal)
            ? FindSessionAsync(db, accessKeyId)
            : FindAccessKeyAsync(db, accessKeyId), cancellationToken);

    public ValueTask<ResolvedCredential?> FindAsync(string accessKeyId, CancellationToken cancellationToken) =>
        cache.GetCredentialAsync(accessKeyId, _load, cancellationToken);

    private static async Task<ResolvedCredential?> FindAccessKeyAsync(DbSession db, string accessKeyId)
    {
        if (await IamStore.FindAccessKeyAsync(db, accessKeyId) is not { Status: AccessKeyRecord.Active } key)
        {
            return null;
        }
        if (key.UserKey is null)
        {
            return new ResolvedCredential(key.AccessKeyId, key.SecretAccessKey, CallerIdentity.Root(key.AccountId));
        }
        var user = await IamStore.FindUserByKeyAsync(db, key.AccountId, key.UserKey);
        return user is null ? null : new ResolvedCredential(key.AccessKeyId, key.SecretAccessKey, UserIdentity(user));
    }

    private static async Task<ResolvedCredential?> FindSessionAsync(DbSession db, string accessKeyId)
    {
        if (await IamStore.FindLiveSessionAsync(db, accessKeyId) is not { } session)
        {
            return null;
        }
        var userName = session.Kind == PrincipalKind.User && IamArns.TryParse(session.Arn, "user", out var userArn) ? userArn.Name : null;
        var caller = new CallerIdentity(session.AccountId, session.Arn, session.UserId, session.Kind, userName, session.RoleArn,
            session.SessionName, session.SessionPolicy, session.IssuedAt);
        return new ResolvedCredential(session.AccessKeyId, session.SecretAccessKey, caller, session.SessionToken, session.ExpiresAt);
    }

    internal static CallerIdentity UserIdentity(UserRecord user) =>
        new(user.AccountId, user.Arn, user.UserId, PrincipalKind.User, user.UserName);
}
