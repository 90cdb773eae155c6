using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Policy;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Inputs;

namespace Sagewright.Iam;

/// <summary>The STS operations: who am I, and temporary credentials for roles and users.</summary>
internal sealed class StsHandlers(IDatabase database, StsErrors errors, TimeProvider time, IamOptions options)
{
    public const int DefaultDurationSeconds = 3600;

    /// <summary>A role session assuming another role ("role chaining") lasts at most an hour, as AWS.</summary>
    public const int ChainedSessionLimit = 3600;

    public const int MaxPolicyArns = 10;

    private const int DefaultUserSessionSeconds = 43200;
    private const int MaxRootSessionSeconds = 3600;

    /// <summary>
    /// What a missing role's AssumeRole is denied with: the same words as a role whose trust policy does not name
    /// the caller, so callers cannot probe for role names.
    /// </summary>
    public const string UntrustedReason = "no resource-based policy allows the sts:AssumeRole action";

    private static readonly string[] UnsupportedAssumeRoleMembers =
        ["Tags", "TransitiveTagKeys", "SerialNumber", "TokenCode", "SourceIdentity", "ProvidedContexts"];

    public ValueTask<OperationResult> GetCallerIdentity(OperationCall call) => OperationResult.Completed(new JsonObject
    {
        ["UserId"] = call.Caller.UserId,
        ["Account"] = call.Caller.AccountId,
        ["Arn"] = call.Caller.Arn,
    });

    /// <summary>
    /// Issues role credentials. The pipeline has already checked the trust policy (and, where required, the caller's
    /// sts:AssumeRole permission); this checks durations and session policies and stores the session.
    /// </summary>
    public async ValueTask<OperationResult> AssumeRole(OperationCall call)
    {
        var input = call.Input;
        RejectUnsupported(call, UnsupportedAssumeRoleMembers);
        var roleArnText = input.Required("RoleArn");
        var sessionName = input.Required("RoleSessionName");
        var duration = (int)(input.OptionalInt64("DurationSeconds") ?? DefaultDurationSeconds);
        if (call.Caller.Kind == PrincipalKind.AssumedRole && duration > ChainedSessionLimit)
        {
            throw errors.Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        var inlinePolicy = input.Optional("Policy");
        if (inlinePolicy is not null)
        {
            PolicyDocuments.Validate(inlinePolicy, PolicyKind.Session, errors.MalformedPolicyDocument);
        }
        var policyArns = input["PolicyArns"] is JsonArray list
            ? list.OfType<JsonObject>().Select(p => p.Optional("arn") ?? throw errors.Validation("Every entry of PolicyArns needs an arn.")).ToArray()
            : [];
        if (policyArns.Length > MaxPolicyArns)
        {
            throw errors.Validation($"1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to {MaxPolicyArns}");
        }
        var packedPercent = PackedPolicyPercent(inlinePolicy, policyArns);
        if (packedPercent > 100)
        {
            throw errors.PackedPolicyTooLarge(packedPercent);
        }

        var now = time.GetUtcNow();
        var session = await database.WriteAsync(async db =>
        {
            var role = IamArns.TryParse(roleArnText, "role", out var roleArn) ? await IamStore.FindRoleAsync(db, roleArn.AccountId, roleArn.Name) : null;
            if (role is null || role.Arn != roleArnText)
            {
                throw Authorizer.Denied(call.Context.Service, call.Caller, "sts:AssumeRole", roleArnText, UntrustedReason);
            }
            if (duration > role.MaxSessionDuration)
            {
                throw errors.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            }
            var sessionPolicy = await SessionPolicyAsync(db, role.AccountId, inlinePolicy, policyArns);
            var created = new SessionRecord(Ids.Prefixed("ASIA"), role.AccountId, Ids.SecretAccessKey(), NewSessionToken(), now,
                now.AddSeconds(duration), PrincipalKind.AssumedRole, IamArns.AssumedRole(role.AccountId, role.RoleName, sessionName),
                $"{role.RoleId}:{sessionName}", RoleKey: role.Key, RoleArn: role.Arn, SessionName: sessionName, SessionPolicy: sessionPolicy);
            await IamStore.InsertSessionAsync(db, created);
            await IamStore.MarkRoleUsedAsync(db, role, now, call.Region);
            await IamStore.DeleteSessionsExpiredBeforeAsync(db, now - options.ExpiredSessionRetention);
            return created;
        }, call.Aborted);

        return new JsonObject
        {
            ["Credentials"] = CredentialsJson(session),
            ["AssumedRoleUser"] = new JsonObject { ["AssumedRoleId"] = session.UserId, ["Arn"] = session.Arn },
            ["PackedPolicySize"] = packedPercent,
        };
    }

    /// <summary>Temporary credentials for the calling user (or root) with the same permissions.</summary>
    public async ValueTask<OperationResult> GetSessionToken(OperationCall call)
    {
        var caller = call.Caller;
        if (caller.Kind == PrincipalKind.AssumedRole || call.Context.AccessKeyId.StartsWith("ASIA", StringComparison.Ordinal))
        {
            throw AwsServiceException.AccessDenied("Cannot call GetSessionToken with session credentials");
        }
        var duration = (int)(call.Input.OptionalInt64("DurationSeconds")
            ?? (caller.Kind == PrincipalKind.Root ? MaxRootSessionSeconds : DefaultUserSessionSeconds));
        if (caller.Kind == PrincipalKind.Root && duration > MaxRootSessionSeconds)
        {
            throw errors.Validation($"The requested DurationSeconds exceeds the {MaxRootSessionSeconds} second limit for sessions of the root user.");
        }
        var now = time.GetUtcNow();
        var session = new SessionRecord(Ids.Prefixed("ASIA"), caller.AccountId, Ids.SecretAccessKey(), NewSessionToken(), now,
            now.AddSeconds(duration), caller.Kind, caller.Arn, caller.UserId,
            UserKey: caller.UserName is { } userName ? IamArns.NameKey(userName) : null);
        await database.WriteAsync(async db =>
        {
            await IamStore.InsertSessionAsync(db, session);
            await IamStore.DeleteSessionsExpiredBeforeAsync(db, now - options.ExpiredSessionRetention);
            return session;
        }, call.Aborted);
        return new JsonObject { ["Credentials"] = CredentialsJson(session) };
    }

    public async ValueTask<OperationResult> GetAccessKeyInfo(OperationCall call)
    {
        var accessKeyId = call.Input.Required("AccessKeyId");
        var account = await database.ReadAsync(async db => accessKeyId.StartsWith("ASIA", StringComparison.Ordinal)
            ? (await IamStore.FindLiveSessionAsync(db, accessKeyId))?.AccountId
            : (await IamStore.FindAccessKeyAsync(db, accessKeyId))?.AccountId, call.Aborted);
        return account is null
            ? throw errors.Validation($"The access key {accessKeyId} is not known to this server.")
            : new JsonObject { ["Account"] = account };
    }

    /// <summary>
    /// The session policy a session is evaluated with: the inline Policy and the PolicyArns documents together,
    /// managed policies resolved in the role's account.
    /// </summary>
    private async Task<string?> SessionPolicyAsync(DbSession db, string roleAccountId, string? inlinePolicy, IReadOnlyList<string> policyArns)
    {
        var documents = new List<string>();
        if (inlinePolicy is not null)
        {
            documents.Add(inlinePolicy);
        }
        foreach (var arn in policyArns)
        {
            var text = await IamStore.ManagedPolicyTextAsync(db, roleAccountId, arn)
                ?? throw errors.Validation($"Policy {arn} does not exist or is not attachable.");
            documents.Add(text.Document);
        }
        return documents.Count == 0 ? null : PolicyDocuments.MergeStatements(documents);
    }

    /// <summary>PackedPolicySize: the session policies' share of the 2,048-character allowance, in percent.</summary>
    private static int PackedPolicyPercent(string? inlinePolicy, IReadOnlyList<string> policyArns)
    {
        var size = (inlinePolicy is null ? 0 : PolicyDocuments.Size(inlinePolicy)) + policyArns.Sum(a => a.Length);
        return (int)Math.Ceiling(size * 100.0 / PolicyDocuments.SessionPolicyLimit);
    }

    private static JsonObject CredentialsJson(SessionRecord session) => new()
    {
        ["AccessKeyId"] = session.AccessKeyId,
        ["SecretAccessKey"] = session.SecretAccessKey,
        ["SessionToken"] = session.SessionToken,
        ["Expiration"] = JsonValue.Create(session.ExpiresAt),
    };

    /// <summary>Opaque and unguessable: 256 random bytes, as long as the tokens AWS issues.</summary>
    internal static string NewSessionToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(256));

    private static void RejectUnsupported(OperationCall call, IEnumerable<string> members)
    {
        if (members.FirstOrDefault(m => call.Input[m] is not null) is { } member)
        {
            throw new AwsServiceException("NotImplemented",
                $"Sagewright does not implement the {member} parameter of sts:{call.Context.Operation.Name} yet.", 501, senderFault: false);
        }
    }
}
