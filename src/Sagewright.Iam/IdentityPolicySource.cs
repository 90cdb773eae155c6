using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.Iam;

/// <summary>
/// The identity-based policies of a caller: a user's inline and attached managed policies, or for a role session
/// its role's, plus the permissions boundary when one is set. Root needs none (the authorizer allows it).
/// An existing user's or role's set is cached (<see cref="IamCache"/>).
/// </summary>
public sealed class IdentityPolicySource(IDatabase database, IamCache cache) : IIdentityPolicySource
{
    private static readonly IdentityPolicySet None = new([]);

    // One delegate for every lookup, as in CredentialResolver.
    private readonly Func<PolicyOwner, CancellationToken, Task<IdentityPolicySet?>> _load = (owner, cancellationToken) =>
        database.ReadAsync(db => LoadAsync(db, owner), cancellationToken);

    public async ValueTask<IdentityPolicySet> GetPoliciesAsync(CallerIdentity caller, CancellationToken cancellationToken) =>
        Owner(caller) is { } owner
            ? await cache.GetPoliciesAsync(owner, _load, cancellationToken) ?? None
            : None;

    private static PolicyOwner? Owner(CallerIdentity caller) => caller.Kind switch
    {
        PrincipalKind.User when caller.UserName is { } userName => new PolicyOwner(PrincipalKind.User, caller.AccountId, userName),
        PrincipalKind.AssumedRole when caller.RoleArn is { } roleArn => new PolicyOwner(PrincipalKind.AssumedRole, "", roleArn),
        _ => null,
    };

    /// <summary>The owner's policies, or null when the user or role does not exist.</summary>
    private static async Task<IdentityPolicySet?> LoadAsync(DbSession db, PolicyOwner owner)
    {
        if (owner.Kind == PrincipalKind.User)
        {
            var user = await IamStore.FindUserAsync(db, owner.AccountId, owner.Id);
            return user is null ? null : await IamStore.LoadIdentityPoliciesAsync(db, user.AccountId, EntityKind.User, user.Key, user.PermissionsBoundary);
        }
        if (!IamArns.TryParse(owner.Id, "role", out var roleArn))
        {
            return null;
        }
        var role = await IamStore.FindRoleAsync(db, roleArn.AccountId, roleArn.Name);
        return role is null ? null : await IamStore.LoadIdentityPoliciesAsync(db, role.AccountId, EntityKind.Role, role.Key, role.PermissionsBoundary);
    }
}
