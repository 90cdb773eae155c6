using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Policy;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

internal sealed partial class IamHandlers
{
    public const int DefaultMaxSessionDuration = 3600;

    public async ValueTask<OperationResult> CreateRole(OperationCall call)
    {
        var input = call.Input;
        var roleName = input.Required("RoleName");
        var trustPolicy = input.Required("AssumeRolePolicyDocument");
        ValidateTrustPolicy(trustPolicy);
        var tags = input.Tags();
        var role = new RoleRecord(call.AccountId, roleName, Ids.Prefixed("AROA"), input.Optional("Path") ?? "/", time.GetUtcNow(), trustPolicy,
            input.Optional("Description"), (int)(input.OptionalInt64("MaxSessionDuration") ?? DefaultMaxSessionDuration),
            input.Optional("PermissionsBoundary"), null, null);
        await CreateEntityAsync(call, EntityKind.Role, roleName, role.PermissionsBoundary, tags, db => IamStore.InsertRoleAsync(db, role));
        return new JsonObject { ["Role"] = RoleJson(role, tags, detailed: true) };
    }

    public async ValueTask<OperationResult> GetRole(OperationCall call) => await Read(call, async db =>
    {
        var role = await RequireRoleAsync(db, call.AccountId, call.Input.Required("RoleName"));
        var tags = await IamStore.ListTagsAsync(db, call.AccountId, EntityKind.Role, role.Key);
        return new JsonObject { ["Role"] = RoleJson(role, tags, detailed: true) };
    });

    public async ValueTask<OperationResult> ListRoles(OperationCall call)
    {
        var input = call.Input;
        var maxItems = Paging.MaxItems(input);
        var roles = await Read(call, db => IamStore.ListRolesAsync(db, call.AccountId, input.Optional("PathPrefix") ?? "/",
            StartKey(input), maxItems + 1));
        return Paging.Page(new JsonObject(), "Roles", roles, maxItems, r => r.Key, r => RoleJson(r, null, detailed: false));
    }

    /// <summary>AWS refuses while the role still has policies (DeleteConflict). Its sessions end with it.</summary>
    public async ValueTask<OperationResult> DeleteRole(OperationCall call)
    {
        await Write(call, async db =>
        {
            var role = await RequireRoleAsync(db, call.AccountId, call.Input.Required("RoleName"));
            await RequireNoPoliciesAsync(db, call.AccountId, EntityKind.Role, role.Key);
            await IamStore.DeleteRoleAsync(db, role);
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> UpdateAssumeRolePolicy(OperationCall call)
    {
        var trustPolicy = call.Input.Required("PolicyDocument");
        ValidateTrustPolicy(trustPolicy);
        await Write(call, async db =>
        {
            var role = await RequireRoleAsync(db, call.AccountId, call.Input.Required("RoleName"));
            await IamStore.UpdateRoleAsync(db, role with { TrustPolicy = trustPolicy });
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> UpdateRole(OperationCall call)
    {
        var input = call.Input;
        await Write(call, async db =>
        {
            var role = await RequireRoleAsync(db, call.AccountId, input.Required("RoleName"));
            await IamStore.UpdateRoleAsync(db, role with
            {
                Description = input.Optional("Description") ?? role.Description,
                MaxSessionDuration = (int)(input.OptionalInt64("MaxSessionDuration") ?? role.MaxSessionDuration),
            });
        });
        return new JsonObject();
    }

    private void ValidateTrustPolicy(string document)
    {
        PolicyDocuments.Validate(document, PolicyKind.Trust, errors.MalformedPolicyDocument);
        if (PolicyDocuments.Size(document) > PolicyDocuments.TrustPolicyLimit)
        {
            throw errors.LimitExceeded($"Cannot exceed quota for ACLSizePerRole: {PolicyDocuments.TrustPolicyLimit}");
        }
    }

    private static JsonObject RoleJson(RoleRecord role, IReadOnlyList<IamTag>? tags, bool detailed)
    {
        var json = new JsonObject
        {
            ["Path"] = role.Path,
            ["RoleName"] = role.RoleName,
            ["RoleId"] = role.RoleId,
            ["Arn"] = role.Arn,
            ["CreateDate"] = Timestamp(role.CreatedAt),
            ["AssumeRolePolicyDocument"] = PolicyDocuments.UrlEncoded(role.TrustPolicy),
            ["MaxSessionDuration"] = role.MaxSessionDuration,
        };
        if (role.Description is { } description)
        {
            json["Description"] = description;
        }
        if (!detailed)
        {
            return json;
        }
        if (BoundaryJson(role.PermissionsBoundary) is { } boundary)
        {
            json["PermissionsBoundary"] = boundary;
        }
        if (tags is { Count: > 0 })
        {
            json["Tags"] = tags.ToJson();
        }
        var lastUsed = new JsonObject();
        if (role.LastUsedAt is { } at)
        {
            lastUsed["LastUsedDate"] = Timestamp(at);
            lastUsed["Region"] = role.LastUsedRegion;
        }
        json["RoleLastUsed"] = lastUsed;
        return json;
    }
}
