using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Policy;
using Sagewright.Protocol.Authorization;

namespace Sagewright.Iam;

/// <summary>
/// Roles assumed by platform service principals (an event rule's target role, later a model's execution role):
/// the trust policy alone decides, as for AWS services, which have no identity policies. The session is stored like
/// any AssumeRole session, so the credentials work over HTTP with SigV4 and are revoked with the role.
/// </summary>
internal sealed class ServiceRoleSessions(IDatabase database, PolicyDocumentCache documents, TimeProvider time, IamOptions options)
    : IServiceRoleSessions
{
    public async ValueTask<ResolvedCredential> AssumeRoleAsync(ServiceRoleRequest request, CancellationToken cancellationToken)
    {
        if (!IamArns.TryParse(request.RoleArn, "role", out var arn))
        {
            throw Untrusted(request);
        }
        var now = time.GetUtcNow();
        var session = await database.WriteAsync(async db =>
        {
            var role = await IamStore.FindRoleAsync(db, arn.AccountId, arn.Name);
            if (role is null || role.Arn != request.RoleArn || !Trusts(role.TrustPolicy, request))
            {
                throw Untrusted(request);
            }
            var created = new SessionRecord(Ids.Prefixed("ASIA"), role.AccountId, Ids.SecretAccessKey(), StsHandlers.NewSessionToken(), now,
                now + request.Duration, PrincipalKind.AssumedRole, IamArns.AssumedRole(role.AccountId, role.RoleName, request.SessionName),
                $"{role.RoleId}:{request.SessionName}", RoleKey: role.Key, RoleArn: role.Arn, SessionName: request.SessionName);
            await IamStore.InsertSessionAsync(db, created);
            await IamStore.DeleteSessionsExpiredBeforeAsync(db, now - options.ExpiredSessionRetention);
            return created;
        }, cancellationToken);
        var caller = new CallerIdentity(session.AccountId, session.Arn, session.UserId, PrincipalKind.AssumedRole,
            RoleArn: session.RoleArn, SessionName: session.SessionName, TokenIssueTime: now);
        return new ResolvedCredential(session.AccessKeyId, session.SecretAccessKey, caller, session.SessionToken, session.ExpiresAt);
    }

    private bool Trusts(string trustPolicy, ServiceRoleRequest request)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:SourceAccount"] = [request.SourceAccount],
            ["aws:PrincipalServiceName"] = [request.ServicePrincipal],
            ["aws:CurrentTime"] = [time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")],
        };
        if (request.SourceArn is { } sourceArn)
        {
            context["aws:SourceArn"] = [sourceArn];
        }
        var result = PolicyEvaluator.Evaluate(new EvaluationRequest
        {
            Principal = new PrincipalInfo("", "", PrincipalType.Service, ServiceName: request.ServicePrincipal),
            Action = "sts:AssumeRole",
            Resource = request.RoleArn,
            ResourceAccount = IamArns.TryParse(request.RoleArn, "role", out var arn) ? arn.AccountId : "",
            ResourcePolicy = documents.Get(trustPolicy, PolicyKind.Trust, request.RoleArn, "resource"),
            ResourcePolicyMode = ResourcePolicyMode.Required,
            Context = context,
        });
        return result.IsAllowed;
    }

    private static AwsServiceException Untrusted(ServiceRoleRequest request) => AwsServiceException.AccessDenied(
        $"{request.ServicePrincipal} is not authorized to perform: sts:AssumeRole on resource: {request.RoleArn}");
}
