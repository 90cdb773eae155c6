using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Policy;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

/// <summary>
/// Registers every IAM and STS operation with its handler and its authorization: the IAM action is the
/// operation's, the resource the ARN AWS documents for it (IAM ARNs carry no region).
/// </summary>
/// <remarks>
/// An existing user or role is authorized on its real ARN (user/PATH/NAME), looked up before the handler runs, so
/// an Allow or a Deny naming the path applies as on AWS; a missing one on arn:aws:iam::ACCT:user/NAME.
/// </remarks>
public sealed class IamModule : IAwsServiceModule
{
    private readonly IDatabase _database;
    private readonly Authorizer _authorizer;
    private readonly IamHandlers _iam;
    private readonly StsHandlers _sts;

    public IamModule(IDatabase database, ServiceCatalog catalog, Authorizer authorizer, TimeProvider time, IamOptions options, IamCache cache)
    {
        _database = database;
        _authorizer = authorizer;
        _iam = new IamHandlers(database, new IamErrors(catalog), time, cache);
        _sts = new StsHandlers(database, new StsErrors(catalog), time, options);
    }

    public void Register(OperationRegistry registry)
    {
        RegisterUsers(registry);
        RegisterAccessKeys(registry);
        RegisterRoles(registry);
        RegisterPolicies(registry);
        RegisterSimulator(registry);
        RegisterSts(registry);
    }

    private void RegisterUsers(OperationRegistry r)
    {
        Iam(r, "CreateUser", _iam.CreateUser, Access
            .To(c => IamArns.User(c.AccountId, c.Input.Optional("Path") ?? "/", c.Input.Required("UserName")))
            .WithContext(c => [.. BoundaryKey(c), .. RequestTagKeys(c)]));
        OnUser(r, "GetUser", _iam.GetUser);
        Iam(r, "ListUsers", _iam.ListUsers, Access.To(_ => "*"));
        OnUser(r, "DeleteUser", _iam.DeleteUser);
        OnUser(r, "TagUser", _iam.TagUser, RequestTagKeys);
        OnUser(r, "UntagUser", _iam.UntagUser, RemovedTagKeys);
        OnUser(r, "ListUserTags", _iam.ListUserTags);
        OnUser(r, "PutUserPolicy", _iam.PutUserPolicy);
        OnUser(r, "GetUserPolicy", _iam.GetUserPolicy);
        OnUser(r, "DeleteUserPolicy", _iam.DeleteUserPolicy);
        OnUser(r, "ListUserPolicies", _iam.ListUserPolicies);
        OnUser(r, "AttachUserPolicy", _iam.AttachUserPolicy, PolicyArnKey);
        OnUser(r, "DetachUserPolicy", _iam.DetachUserPolicy, PolicyArnKey);
        OnUser(r, "ListAttachedUserPolicies", _iam.ListAttachedUserPolicies);
        OnUser(r, "PutUserPermissionsBoundary", _iam.PutUserPermissionsBoundary, BoundaryKey);
        OnUser(r, "DeleteUserPermissionsBoundary", _iam.DeleteUserPermissionsBoundary);
    }

    private void RegisterAccessKeys(OperationRegistry r)
    {
        OnUser(r, "CreateAccessKey", _iam.CreateAccessKey);
        OnUser(r, "DeleteAccessKey", _iam.DeleteAccessKey);
        OnUser(r, "UpdateAccessKey", _iam.UpdateAccessKey);
        OnUser(r, "ListAccessKeys", _iam.ListAccessKeys);
    }

    private void RegisterRoles(OperationRegistry r)
    {
        Iam(r, "CreateRole", _iam.CreateRole, Access
            .To(c => IamArns.Role(c.AccountId, c.Input.Optional("Path") ?? "/", c.Input.Required("RoleName")))
            .WithContext(c => [.. BoundaryKey(c), .. RequestTagKeys(c)]));
        OnRole(r, "GetRole", _iam.GetRole);
        Iam(r, "ListRoles", _iam.ListRoles, Access.To(_ => "*"));
        OnRole(r, "DeleteRole", _iam.DeleteRole);
        OnRole(r, "UpdateRole", _iam.UpdateRole);
        OnRole(r, "UpdateAssumeRolePolicy", _iam.UpdateAssumeRolePolicy);
        OnRole(r, "TagRole", _iam.TagRole, RequestTagKeys);
        OnRole(r, "UntagRole", _iam.UntagRole, RemovedTagKeys);
        OnRole(r, "ListRoleTags", _iam.ListRoleTags);
        OnRole(r, "PutRolePolicy", _iam.PutRolePolicy);
        OnRole(r, "GetRolePolicy", _iam.GetRolePolicy);
        OnRole(r, "DeleteRolePolicy", _iam.DeleteRolePolicy);
        OnRole(r, "ListRolePolicies", _iam.ListRolePolicies);
        OnRole(r, "AttachRolePolicy", _iam.AttachRolePolicy, PolicyArnKey);
        OnRole(r, "DetachRolePolicy", _iam.DetachRolePolicy, PolicyArnKey);
        OnRole(r, "ListAttachedRolePolicies", _iam.ListAttachedRolePolicies);
        OnRole(r, "PutRolePermissionsBoundary", _iam.PutRolePermissionsBoundary, BoundaryKey);
        OnRole(r, "DeleteRolePermissionsBoundary", _iam.DeleteRolePermissionsBoundary);
    }

    private void RegisterPolicies(OperationRegistry r)
    {
        Iam(r, "CreatePolicy", _iam.CreatePolicy, Access
            .To(c => IamArns.Policy(c.AccountId, c.Input.Optional("Path") ?? "/", c.Input.Required("PolicyName")))
            .WithContext(RequestTagKeys));
        Iam(r, "ListPolicies", _iam.ListPolicies, Access.To(_ => "*"));
        var onPolicy = Access.To(c => c.Input.Required("PolicyArn"));
        Iam(r, "GetPolicy", _iam.GetPolicy, onPolicy);
        Iam(r, "DeletePolicy", _iam.DeletePolicy, onPolicy);
        Iam(r, "CreatePolicyVersion", _iam.CreatePolicyVersion, onPolicy);
        Iam(r, "GetPolicyVersion", _iam.GetPolicyVersion, onPolicy);
        Iam(r, "ListPolicyVersions", _iam.ListPolicyVersions, onPolicy);
        Iam(r, "DeletePolicyVersion", _iam.DeletePolicyVersion, onPolicy);
        Iam(r, "SetDefaultPolicyVersion", _iam.SetDefaultPolicyVersion, onPolicy);
    }

    private void RegisterSimulator(OperationRegistry r)
    {
        Iam(r, "SimulateCustomPolicy", _iam.SimulateCustomPolicy, Access.To(_ => "*"));
        Iam(r, "SimulatePrincipalPolicy", _iam.SimulatePrincipalPolicy, Access.To(c => c.Input.Required("PolicySourceArn")));
        Iam(r, "GetAccountAuthorizationDetails", _iam.GetAccountAuthorizationDetails, Access.To(_ => "*"));
    }

    private void RegisterSts(OperationRegistry r)
    {
        r.Add("sts", "GetCallerIdentity", _sts.GetCallerIdentity,
            Access.AnyAuthenticatedCaller("AWS answers GetCallerIdentity for every caller, even one denied sts:GetCallerIdentity."));
        r.Add("sts", "AssumeRole", _sts.AssumeRole, Access
            .To(RoleArnToAssume)
            .WithResourcePolicy(TrustPolicyAsync)
            .WithContext(AssumeRoleKeys));
        r.Add("sts", "GetSessionToken", _sts.GetSessionToken,
            Access.AnyAuthenticatedCaller("AWS requires no permission for GetSessionToken; it issues credentials with the caller's own permissions."));
        r.Add("sts", "GetAccessKeyInfo", _sts.GetAccessKeyInfo, Access.To(_ => "*"));
    }

    // ---- registration helpers ----

    private void Iam(OperationRegistry r, string operation, OperationHandler handler, Access access) =>
        r.Add("iam", operation, RejectingSessionTokens(handler), access);

    /// <summary>An operation on the user named by UserName, or without it on the calling user (root: the account).</summary>
    private void OnUser(OperationRegistry r, string operation, OperationHandler handler, Func<OperationCall, IEnumerable<KeyValuePair<string, string>>>? keys = null)
    {
        // The user's real ARN (with its path) when it exists, as AWS authorizes it; the path-less one for a missing user.
        var access = Access.To(async (c, ct) => c.Input.Optional("UserName") is not { } name
            ? c.Caller.Arn
            : (await _database.ReadAsync(db => IamStore.FindUserAsync(db, c.AccountId, name), ct))?.Arn ?? IamArns.User(c.AccountId, "/", name));
        Iam(r, operation, handler, keys is null ? access : access.WithContext(keys));
    }

    private void OnRole(OperationRegistry r, string operation, OperationHandler handler, Func<OperationCall, IEnumerable<KeyValuePair<string, string>>>? keys = null)
    {
        var access = Access.To(async (c, ct) =>
            (await _database.ReadAsync(db => IamStore.FindRoleAsync(db, c.AccountId, c.Input.Required("RoleName")), ct))?.Arn
            ?? IamArns.Role(c.AccountId, "/", c.Input.Required("RoleName")));
        Iam(r, operation, handler, keys is null ? access : access.WithContext(keys));
    }

    /// <summary>
    /// AWS refuses IAM calls made with GetSessionToken credentials unless MFA was used, which Sagewright does not
    /// offer; it answers them as an invalid token.
    /// </summary>
    private static OperationHandler RejectingSessionTokens(OperationHandler handler) => call =>
        call.Caller.Kind != PrincipalKind.AssumedRole && call.Context.AccessKeyId.StartsWith("ASIA", StringComparison.Ordinal)
            ? throw AuthenticationErrors.InvalidAccessKey(call.Context.Service)
            : handler(call);

    // ---- AssumeRole authorization ----

    /// <summary>A trust policy no caller satisfies (account 000000000000 cannot exist): what a missing role is checked against.</summary>
    private const string TrustsNobody =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";

    private static string RoleArnToAssume(OperationCall call)
    {
        var text = call.Input.Required("RoleArn");
        return IamArns.TryParse(text, "role", out var arn) && arn.AccountId.Length == 12
            ? text
            : throw AwsServiceException.Validation($"{text} is invalid: RoleArn must be the ARN of an IAM role.", call.Context.Service.ValidationErrorCode);
    }

    /// <summary>
    /// The role's trust policy, always required (a role is assumable only when its trust policy allows the caller).
    /// A missing role gets a policy that trusts nobody, so it is denied exactly like a role that does not trust the caller.
    /// </summary>
    private async ValueTask<ResourcePolicy?> TrustPolicyAsync(OperationCall call, string roleArn, CancellationToken cancellationToken)
    {
        IamArns.TryParse(roleArn, "role", out var parsed);
        var role = await _database.ReadAsync(db => IamStore.FindRoleAsync(db, parsed.AccountId, parsed.Name), cancellationToken);
        var document = role is not null && role.Arn == roleArn ? role.TrustPolicy : TrustsNobody;
        return new ResourcePolicy(document, parsed.AccountId, ResourcePolicyMode.Required, PolicyKind.Trust);
    }

    private static IEnumerable<KeyValuePair<string, string>> AssumeRoleKeys(OperationCall call)
    {
        yield return new("sts:RoleSessionName", call.Input.Required("RoleSessionName"));
        if (call.Input.Optional("ExternalId") is { } externalId)
        {
            yield return new("sts:ExternalId", externalId);
        }
        if (call.Input.Optional("DurationSeconds") is { } duration)
        {
            yield return new("sts:DurationSeconds", duration);
        }
    }

    // ---- service condition keys ----

    private static IEnumerable<KeyValuePair<string, string>> PolicyArnKey(OperationCall call) =>
        [new("iam:PolicyARN", call.Input.Required("PolicyArn"))];

    private static IEnumerable<KeyValuePair<string, string>> BoundaryKey(OperationCall call) =>
        call.Input.Optional("PermissionsBoundary") is { } arn ? [new("iam:PermissionsBoundary", arn)] : [];

    private static IEnumerable<KeyValuePair<string, string>> RequestTagKeys(OperationCall call) =>
        call.Input.Tags().SelectMany<IamTag, KeyValuePair<string, string>>(t => [new("aws:RequestTag/" + t.Key, t.Value), new("aws:TagKeys", t.Key)]);

    private static IEnumerable<KeyValuePair<string, string>> RemovedTagKeys(OperationCall call) =>
        call.Input.StringList("TagKeys").Select(k => new KeyValuePair<string, string>("aws:TagKeys", k));
}
