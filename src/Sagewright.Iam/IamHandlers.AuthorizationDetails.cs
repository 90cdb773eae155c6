using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Iam;

internal sealed partial class IamHandlers
{
    private const int AllEntities = 1_000_000;

    /// <summary>
    /// Every user, role and managed policy of the account with their policies (groups: none exist in Sagewright).
    /// Filter selects User, Role, Group, LocalManagedPolicy and AWSManagedPolicy; AWS managed policies are listed
    /// when something in the account uses them. One page spans all the lists, in that order.
    /// </summary>
    public async ValueTask<OperationResult> GetAccountAuthorizationDetails(OperationCall call) => await Read(call, async db =>
    {
        var filter = call.Input.StringList("Filter");
        bool Wanted(string kind) => filter.Count == 0 || filter.Contains(kind);
        var items = new List<(string Key, string List, Func<Task<JsonObject>> Build)>();
        if (Wanted("User"))
        {
            foreach (var user in await IamStore.ListUsersAsync(db, call.AccountId, "/", "", AllEntities))
            {
                items.Add(("1" + user.Key, "UserDetailList", () => UserDetailAsync(db, user)));
            }
        }
        if (Wanted("Role"))
        {
            foreach (var role in await IamStore.ListRolesAsync(db, call.AccountId, "/", "", AllEntities))
            {
                items.Add(("2" + role.Key, "RoleDetailList", () => RoleDetailAsync(db, role)));
            }
        }
        var attachments = await IamStore.CountAttachmentsByPolicyAsync(db, call.AccountId);
        var boundaryUses = await IamStore.CountBoundaryUsesByPolicyAsync(db, call.AccountId);
        var policies = new List<ManagedPolicyRecord>();
        if (Wanted("AWSManagedPolicy"))
        {
            policies.AddRange(AwsManagedPolicies.All.Select(IamStore.FromAwsManaged)
                .Where(p => attachments.ContainsKey(p.Arn) || boundaryUses.ContainsKey(p.Arn)));
        }
        if (Wanted("LocalManagedPolicy"))
        {
            policies.AddRange(await IamStore.ListLocalPoliciesAsync(db, call.AccountId));
        }
        foreach (var policy in policies)
        {
            items.Add(("3" + PolicyListKey(policy), "Policies", async () =>
            {
                var json = PolicyJson(policy, attachments.GetValueOrDefault(policy.Arn), boundaryUses.GetValueOrDefault(policy.Arn), null, detailed: true);
                json["PolicyVersionList"] = new JsonArray((await IamStore.ListPolicyVersionsAsync(db, policy))
                    .Select(v => (JsonNode)VersionJson(v, v.VersionId == policy.DefaultVersionId, includeDocument: true)).ToArray());
                return json;
            }
            ));
        }

        var maxItems = Paging.MaxItems(call.Input);
        var page = Paging.Window(items.OrderBy(i => i.Key, StringComparer.Ordinal), i => i.Key, StartKey(call.Input), maxItems);
        var output = new JsonObject
        {
            ["UserDetailList"] = new JsonArray(),
            ["GroupDetailList"] = new JsonArray(),
            ["RoleDetailList"] = new JsonArray(),
            ["Policies"] = new JsonArray(),
        };
        foreach (var item in page.Take(maxItems))
        {
            output[item.List]!.AsArray().Add(await item.Build());
        }
        output["IsTruncated"] = page.Count > maxItems;
        if (page.Count > maxItems)
        {
            output["Marker"] = Paging.Marker(page[maxItems].Key);
        }
        return output;
    });

    private static async Task<JsonObject> UserDetailAsync(DbSession db, UserRecord user)
    {
        var json = UserJson(user, await IamStore.ListTagsAsync(db, user.AccountId, EntityKind.User, user.Key), includeBoundary: true);
        json["UserPolicyList"] = await InlinePolicyListAsync(db, user.AccountId, EntityKind.User, user.Key);
        json["GroupList"] = new JsonArray();
        json["AttachedManagedPolicies"] = await AttachedPolicyListAsync(db, user.AccountId, EntityKind.User, user.Key);
        return json;
    }

    private static async Task<JsonObject> RoleDetailAsync(DbSession db, RoleRecord role)
    {
        var json = RoleJson(role, await IamStore.ListTagsAsync(db, role.AccountId, EntityKind.Role, role.Key), detailed: true);
        json["InstanceProfileList"] = new JsonArray();
        json["RolePolicyList"] = await InlinePolicyListAsync(db, role.AccountId, EntityKind.Role, role.Key);
        json["AttachedManagedPolicies"] = await AttachedPolicyListAsync(db, role.AccountId, EntityKind.Role, role.Key);
        return json;
    }

    private static async Task<JsonArray> InlinePolicyListAsync(DbSession db, string accountId, string entityKind, string entityKey) =>
        new((await IamStore.ListInlinePoliciesAsync(db, accountId, entityKind, entityKey))
            .Select(p => (JsonNode)new JsonObject { ["PolicyName"] = p.PolicyName, ["PolicyDocument"] = PolicyDocuments.UrlEncoded(p.Document) })
            .ToArray());

    private static async Task<JsonArray> AttachedPolicyListAsync(DbSession db, string accountId, string entityKind, string entityKey)
    {
        var attached = new JsonArray();
        foreach (var arn in await IamStore.ListAttachedPolicyArnsAsync(db, accountId, entityKind, entityKey))
        {
            if (await IamStore.FindManagedPolicyAsync(db, accountId, arn) is { } policy)
            {
                attached.Add(new JsonObject { ["PolicyName"] = policy.PolicyName, ["PolicyArn"] = policy.Arn });
            }
        }
        return attached;
    }
}
