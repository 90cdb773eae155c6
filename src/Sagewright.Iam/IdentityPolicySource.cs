using Sagewright.Core;
using Sagewright.Data;

namespace Sagewright.Iam;

/// <summary>
/// The identity-based policies of a caller: a user's inline and attached managed policies, or for a role session
/// its role's, plus the permissions boundary when one is set. Root needs none (the authorizer allows it).
/// </summary>
public sealed class IdentityPolicySource(IDatabase database) : IIdentityPolicySource
{
    private static readonly IdentityPolicySet None = new([]);

    public async ValueTask<IdentityPolicySet> GetPoliciesAsync(CallerIdentity caller, CancellationToken cancellationToken) =>
        await database.ReadAsync(db => LoadAsync(db, caller), cancellationToken);

    internal static async Task<IdentityPolicySet> LoadAsync(DbSession db, CallerIdentity caller)
    {
        switch (caller.Kind)
        {
            case PrincipalKind.User when caller.UserName is { } userName:
                var user = await IamStore.FindUserAsync(db, caller.AccountId, userName);
                return user is null ? None : await IamStore.LoadIdentityPoliciesAsync(db, user.AccountId, EntityKind.User, user.Key, user.PermissionsBoundary);
            case PrincipalKind.AssumedRole when IamArns.TryParse(caller.RoleArn, "role", out var roleArn):
                var role = await IamStore.FindRoleAsync(db, roleArn.AccountId, roleArn.Name);
                return role is null ? None : await IamStore.LoadIdentityPoliciesAsync(db, role.AccountId, EntityKind.Role, role.Key, role.PermissionsBoundary);
            default:
                return None;
        }
    }
}
