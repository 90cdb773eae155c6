using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Policy;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

internal sealed partial class IamHandlers
{
    // ---- inline policies of users and roles ----

    public ValueTask<OperationResult> PutUserPolicy(OperationCall call) => PutInlinePolicy(call, EntityKind.User);
    public ValueTask<OperationResult> GetUserPolicy(OperationCall call) => GetInlinePolicy(call, EntityKind.User);
    public ValueTask<OperationResult> DeleteUserPolicy(OperationCall call) => DeleteInlinePolicy(call, EntityKind.User);
    public ValueTask<OperationResult> ListUserPolicies(OperationCall call) => ListInlinePolicies(call, EntityKind.User);
    public ValueTask<OperationResult> PutRolePolicy(OperationCall call) => PutInlinePolicy(call, EntityKind.Role);
    public ValueTask<OperationResult> GetRolePolicy(OperationCall call) => GetInlinePolicy(call, EntityKind.Role);
    public ValueTask<OperationResult> DeleteRolePolicy(OperationCall call) => DeleteInlinePolicy(call, EntityKind.Role);
    public ValueTask<OperationResult> ListRolePolicies(OperationCall call) => ListInlinePolicies(call, EntityKind.Role);

    /// <summary>
    /// Adds or replaces an inline policy. IAM limits the inline policies of one user (2,048) or role (10,240) together,
    /// without whitespace.
    /// </summary>
    private async ValueTask<OperationResult> PutInlinePolicy(OperationCall call, string entityKind)
    {
        var policyName = call.Input.Required("PolicyName");
        var document = call.Input.Required("PolicyDocument");
        PolicyDocuments.Validate(document, PolicyKind.Identity, errors.MalformedPolicyDocument);
        var limit = entityKind == EntityKind.User ? PolicyDocuments.UserInlineLimit : PolicyDocuments.RoleInlineLimit;
        await Write(call, async db =>
        {
            var (entityName, entityKey) = await RequireEntityAsync(db, call, entityKind);
            var others = (await IamStore.ListInlinePoliciesAsync(db, call.AccountId, entityKind, entityKey)).Where(p => p.PolicyName != policyName);
            if (others.Sum(p => PolicyDocuments.Size(p.Document)) + PolicyDocuments.Size(document) > limit)
            {
                throw errors.LimitExceeded($"Maximum policy size of {limit} bytes exceeded for {entityKind} {entityName}");
            }
            await IamStore.PutInlinePolicyAsync(db, call.AccountId, entityKind, entityKey, new InlinePolicyRecord(policyName, document));
        });
        return OperationResult.Empty;
    }

    private async ValueTask<OperationResult> GetInlinePolicy(OperationCall call, string entityKind) => await Read(call, async db =>
    {
        var policyName = call.Input.Required("PolicyName");
        var (entityName, entityKey) = await RequireEntityAsync(db, call, entityKind);
        var policy = (await IamStore.ListInlinePoliciesAsync(db, call.AccountId, entityKind, entityKey)).FirstOrDefault(p => p.PolicyName == policyName)
            ?? throw errors.NoSuchInlinePolicy(entityKind, policyName);
        return new JsonObject
        {
            [entityKind == EntityKind.User ? "UserName" : "RoleName"] = entityName,
            ["PolicyName"] = policy.PolicyName,
            ["PolicyDocument"] = PolicyDocuments.UrlEncoded(policy.Document),
        };
    });

    private async ValueTask<OperationResult> DeleteInlinePolicy(OperationCall call, string entityKind)
    {
        var policyName = call.Input.Required("PolicyName");
        await Write(call, async db =>
        {
            var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
            if (!await IamStore.DeleteInlinePolicyAsync(db, call.AccountId, entityKind, entityKey, policyName))
            {
                throw errors.NoSuchInlinePolicy(entityKind, policyName);
            }
        });
        return OperationResult.Empty;
    }

    private async ValueTask<OperationResult> ListInlinePolicies(OperationCall call, string entityKind) => await Read(call, async db =>
    {
        var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
        var names = (await IamStore.ListInlinePoliciesAsync(db, call.AccountId, entityKind, entityKey)).Select(p => p.PolicyName);
        var maxItems = Paging.MaxItems(call.Input);
        return Paging.Page(new JsonObject(), "PolicyNames", Paging.Window(names, n => n, StartKey(call.Input), maxItems), maxItems,
            n => n, n => JsonValue.Create(n));
    });

    // ---- managed policies ----

    public async ValueTask<OperationResult> CreatePolicy(OperationCall call)
    {
        var input = call.Input;
        var policyName = input.Required("PolicyName");
        var path = input.Optional("Path") ?? "/";
        var document = input.Required("PolicyDocument");
        ValidateManagedPolicy(document);
        var tags = input.Tags();
        CheckTagKeys(tags.Select(t => t.Key).ToArray());
        var now = time.GetUtcNow();
        var policy = new ManagedPolicyRecord(call.AccountId, policyName, Ids.Prefixed("ANPA"), path, IamArns.Policy(call.AccountId, path, policyName),
            input.Optional("Description"), "v1", 2, now, now);
        await Write(call, async db =>
        {
            if (await IamStore.PolicyNameTakenAsync(db, call.AccountId, policyName))
            {
                throw errors.EntityAlreadyExists($"A policy called {policyName} already exists. Duplicate names are not allowed.");
            }
            await IamStore.InsertManagedPolicyAsync(db, policy);
            await IamStore.InsertPolicyVersionAsync(db, policy, new PolicyVersionRecord("v1", 1, document, now));
            await TagEntityAsync(db, call.AccountId, EntityKind.Policy, policy.Key, tags, "TagsPerPolicy");
        });
        return new JsonObject { ["Policy"] = PolicyJson(policy, 0, 0, tags, detailed: true) };
    }

    public async ValueTask<OperationResult> GetPolicy(OperationCall call) => await Read(call, async db =>
    {
        var policy = await RequirePolicyAsync(db, call);
        var tags = policy.IsAwsManaged ? [] : await IamStore.ListTagsAsync(db, call.AccountId, EntityKind.Policy, policy.Key);
        return new JsonObject
        {
            ["Policy"] = PolicyJson(policy, await IamStore.CountAttachmentsAsync(db, call.AccountId, policy.Arn),
                await IamStore.CountBoundaryUsesAsync(db, call.AccountId, policy.Arn), tags, detailed: true),
        };
    });

    /// <summary>Scope All (default), AWS or Local; OnlyAttached; PathPrefix; PolicyUsageFilter.</summary>
    public async ValueTask<OperationResult> ListPolicies(OperationCall call) => await Read(call, async db =>
    {
        var input = call.Input;
        var scope = input.Optional("Scope") ?? "All";
        var pathPrefix = input.Optional("PathPrefix") ?? "/";
        var onlyAttached = input.OptionalBoolean("OnlyAttached") ?? false;
        var usage = input.Optional("PolicyUsageFilter");
        var policies = new List<ManagedPolicyRecord>();
        if (scope is "All" or "AWS")
        {
            policies.AddRange(AwsManagedPolicies.All.Select(IamStore.FromAwsManaged));
        }
        if (scope is "All" or "Local")
        {
            policies.AddRange(await IamStore.ListLocalPoliciesAsync(db, call.AccountId));
        }
        var attachments = await IamStore.CountAttachmentsByPolicyAsync(db, call.AccountId);
        var boundaryUses = await IamStore.CountBoundaryUsesByPolicyAsync(db, call.AccountId);
        var listed = policies
            .Where(p => p.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .Select(p => (Policy: p, Attachments: attachments.GetValueOrDefault(p.Arn), BoundaryUses: boundaryUses.GetValueOrDefault(p.Arn)))
            .Where(p => usage switch
            {
                "PermissionsPolicy" => !onlyAttached || p.Attachments > 0,
                "PermissionsBoundary" => !onlyAttached || p.BoundaryUses > 0,
                _ => !onlyAttached || p.Attachments > 0 || p.BoundaryUses > 0,
            })
            .OrderBy(p => PolicyListKey(p.Policy), StringComparer.Ordinal);
        var maxItems = Paging.MaxItems(input);
        return Paging.Page(new JsonObject(), "Policies", Paging.Window(listed, p => PolicyListKey(p.Policy), StartKey(input), maxItems), maxItems,
            p => PolicyListKey(p.Policy), p => PolicyJson(p.Policy, p.Attachments, p.BoundaryUses, null, detailed: false));
    });

    /// <summary>AWS refuses while the policy is attached, used as a boundary, or has versions besides the default.</summary>
    public async ValueTask<OperationResult> DeletePolicy(OperationCall call)
    {
        await Write(call, async db =>
        {
            var policy = await RequireLocalPolicyAsync(db, call);
            if (await IamStore.CountAttachmentsAsync(db, call.AccountId, policy.Arn) > 0
                || await IamStore.CountBoundaryUsesAsync(db, call.AccountId, policy.Arn) > 0)
            {
                throw errors.DeleteConflict("Cannot delete a policy attached to entities.");
            }
            if ((await IamStore.ListPolicyVersionsAsync(db, policy)).Count > 1)
            {
                throw errors.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. "
                    + "The default version is deleted with the policy.");
            }
            await IamStore.DeleteManagedPolicyAsync(db, policy);
            await IamStore.DeleteAllTagsAsync(db, call.AccountId, EntityKind.Policy, policy.Key);
        });
        return OperationResult.Empty;
    }

    // ---- versions ----

    public async ValueTask<OperationResult> CreatePolicyVersion(OperationCall call)
    {
        var document = call.Input.Required("PolicyDocument");
        ValidateManagedPolicy(document);
        var setAsDefault = call.Input.OptionalBoolean("SetAsDefault") ?? false;
        var version = await Write(call, async db =>
        {
            var policy = await RequireLocalPolicyAsync(db, call);
            if ((await IamStore.ListPolicyVersionsAsync(db, policy)).Count >= MaxPolicyVersions)
            {
                throw errors.LimitExceeded($"A managed policy can have up to {MaxPolicyVersions} versions. "
                    + "Before you create a new version, you must delete an existing version.");
            }
            var now = time.GetUtcNow();
            var created = new PolicyVersionRecord($"v{policy.NextVersion}", policy.NextVersion, document, now);
            await IamStore.InsertPolicyVersionAsync(db, policy, created);
            await IamStore.UpdateManagedPolicyAsync(db, policy with
            {
                NextVersion = policy.NextVersion + 1,
                DefaultVersionId = setAsDefault ? created.VersionId : policy.DefaultVersionId,
                UpdatedAt = now,
            });
            return created;
        });
        return new JsonObject { ["PolicyVersion"] = VersionJson(version, setAsDefault, includeDocument: false) };
    }

    public async ValueTask<OperationResult> GetPolicyVersion(OperationCall call) => await Read(call, async db =>
    {
        var policy = await RequirePolicyAsync(db, call);
        var version = await RequireVersionAsync(db, policy, call.Input.Required("VersionId"));
        return new JsonObject { ["PolicyVersion"] = VersionJson(version, version.VersionId == policy.DefaultVersionId, includeDocument: true) };
    });

    public async ValueTask<OperationResult> ListPolicyVersions(OperationCall call) => await Read(call, async db =>
    {
        var policy = await RequirePolicyAsync(db, call);
        // Newest first, as AWS; the key orders descending version numbers as text.
        static string Key(PolicyVersionRecord v) => (int.MaxValue - v.VersionNumber).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        var maxItems = Paging.MaxItems(call.Input);
        var versions = Paging.Window(await IamStore.ListPolicyVersionsAsync(db, policy), Key, StartKey(call.Input), maxItems);
        return Paging.Page(new JsonObject(), "Versions", versions, maxItems, Key,
            v => VersionJson(v, v.VersionId == policy.DefaultVersionId, includeDocument: false));
    });

    public async ValueTask<OperationResult> DeletePolicyVersion(OperationCall call)
    {
        await Write(call, async db =>
        {
            var policy = await RequireLocalPolicyAsync(db, call);
            var version = await RequireVersionAsync(db, policy, call.Input.Required("VersionId"));
            if (version.VersionId == policy.DefaultVersionId)
            {
                throw errors.DeleteConflict("Cannot delete the default version of a policy.");
            }
            await IamStore.DeletePolicyVersionAsync(db, policy, version.VersionId);
        });
        return OperationResult.Empty;
    }

    public async ValueTask<OperationResult> SetDefaultPolicyVersion(OperationCall call)
    {
        await Write(call, async db =>
        {
            var policy = await RequireLocalPolicyAsync(db, call);
            var version = await RequireVersionAsync(db, policy, call.Input.Required("VersionId"));
            await IamStore.UpdateManagedPolicyAsync(db, policy with { DefaultVersionId = version.VersionId, UpdatedAt = time.GetUtcNow() });
        });
        return OperationResult.Empty;
    }

    // ---- attachments ----

    public ValueTask<OperationResult> AttachUserPolicy(OperationCall call) => AttachPolicy(call, EntityKind.User, "PoliciesPerUser");
    public ValueTask<OperationResult> DetachUserPolicy(OperationCall call) => DetachPolicy(call, EntityKind.User);
    public ValueTask<OperationResult> ListAttachedUserPolicies(OperationCall call) => ListAttachedPolicies(call, EntityKind.User);
    public ValueTask<OperationResult> AttachRolePolicy(OperationCall call) => AttachPolicy(call, EntityKind.Role, "PoliciesPerRole");
    public ValueTask<OperationResult> DetachRolePolicy(OperationCall call) => DetachPolicy(call, EntityKind.Role);
    public ValueTask<OperationResult> ListAttachedRolePolicies(OperationCall call) => ListAttachedPolicies(call, EntityKind.Role);

    private async ValueTask<OperationResult> AttachPolicy(OperationCall call, string entityKind, string quotaName)
    {
        await Write(call, async db =>
        {
            var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
            var policy = await RequireAttachableAsync(db, call.AccountId, call.Input.Required("PolicyArn"));
            var attached = await IamStore.ListAttachedPolicyArnsAsync(db, call.AccountId, entityKind, entityKey);
            if (!attached.Contains(policy.Arn) && attached.Count >= MaxAttachedPoliciesPerEntity)
            {
                throw errors.LimitExceeded($"Cannot exceed quota for {quotaName}: {MaxAttachedPoliciesPerEntity}");
            }
            await IamStore.AttachPolicyAsync(db, call.AccountId, entityKind, entityKey, policy.Arn);
        });
        return OperationResult.Empty;
    }

    private async ValueTask<OperationResult> DetachPolicy(OperationCall call, string entityKind)
    {
        await Write(call, async db =>
        {
            var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
            var policyArn = call.Input.Required("PolicyArn");
            if (!await IamStore.DetachPolicyAsync(db, call.AccountId, entityKind, entityKey, policyArn))
            {
                throw errors.NoSuchPolicy(policyArn);
            }
        });
        return OperationResult.Empty;
    }

    private async ValueTask<OperationResult> ListAttachedPolicies(OperationCall call, string entityKind) => await Read(call, async db =>
    {
        var (_, entityKey) = await RequireEntityAsync(db, call, entityKind);
        var pathPrefix = call.Input.Optional("PathPrefix") ?? "/";
        var attached = new List<ManagedPolicyRecord>();
        foreach (var arn in await IamStore.ListAttachedPolicyArnsAsync(db, call.AccountId, entityKind, entityKey))
        {
            if (await IamStore.FindManagedPolicyAsync(db, call.AccountId, arn) is { } policy && policy.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            {
                attached.Add(policy);
            }
        }
        var maxItems = Paging.MaxItems(call.Input);
        return Paging.Page(new JsonObject(), "AttachedPolicies", Paging.Window(attached, p => p.Arn, StartKey(call.Input), maxItems), maxItems,
            p => p.Arn, p => new JsonObject { ["PolicyName"] = p.PolicyName, ["PolicyArn"] = p.Arn });
    });

    // ---- shared ----

    private async Task<ManagedPolicyRecord> RequirePolicyAsync(DbSession db, OperationCall call)
    {
        var arn = call.Input.Required("PolicyArn");
        return await IamStore.FindManagedPolicyAsync(db, call.AccountId, arn) ?? throw errors.NoSuchPolicy(arn);
    }

    /// <summary>A customer managed policy: AWS managed ones cannot be changed or deleted.</summary>
    private async Task<ManagedPolicyRecord> RequireLocalPolicyAsync(DbSession db, OperationCall call)
    {
        var policy = await RequirePolicyAsync(db, call);
        return policy.IsAwsManaged ? throw errors.InvalidInput($"Policy {policy.Arn} is an AWS managed policy and cannot be modified.") : policy;
    }

    private async Task<PolicyVersionRecord> RequireVersionAsync(DbSession db, ManagedPolicyRecord policy, string versionId) =>
        await IamStore.FindPolicyVersionAsync(db, policy, versionId)
        ?? throw errors.NoSuchEntity($"Policy {policy.Arn} version {versionId} does not exist or is not attachable.");

    private void ValidateManagedPolicy(string document)
    {
        PolicyDocuments.Validate(document, PolicyKind.Identity, errors.MalformedPolicyDocument);
        if (PolicyDocuments.Size(document) > PolicyDocuments.ManagedPolicyLimit)
        {
            throw errors.LimitExceeded($"Cannot exceed quota for PolicySize: {PolicyDocuments.ManagedPolicyLimit}");
        }
    }

    /// <summary>Listing order: by name, AWS managed and customer managed policies of the same name kept apart.</summary>
    private static string PolicyListKey(ManagedPolicyRecord policy) => policy.Key + "\u0001" + policy.Arn;

    private static JsonObject PolicyJson(ManagedPolicyRecord policy, int attachments, int boundaryUses, IReadOnlyList<IamTag>? tags, bool detailed)
    {
        var json = new JsonObject
        {
            ["PolicyName"] = policy.PolicyName,
            ["PolicyId"] = policy.PolicyId,
            ["Arn"] = policy.Arn,
            ["Path"] = policy.Path,
            ["DefaultVersionId"] = policy.DefaultVersionId,
            ["AttachmentCount"] = attachments,
            ["PermissionsBoundaryUsageCount"] = boundaryUses,
            ["IsAttachable"] = true,
            ["CreateDate"] = Timestamp(policy.CreatedAt),
            ["UpdateDate"] = Timestamp(policy.UpdatedAt),
        };
        if (detailed && policy.Description is { } description)
        {
            json["Description"] = description;
        }
        if (tags is { Count: > 0 })
        {
            json["Tags"] = tags.ToJson();
        }
        return json;
    }

    private static JsonObject VersionJson(PolicyVersionRecord version, bool isDefault, bool includeDocument)
    {
        var json = new JsonObject
        {
            ["VersionId"] = version.VersionId,
            ["IsDefaultVersion"] = isDefault,
            ["CreateDate"] = Timestamp(version.CreatedAt),
        };
        if (includeDocument)
        {
            json["Document"] = PolicyDocuments.UrlEncoded(version.Document);
        }
        return json;
    }
}
