namespace Sagewright.Core;

/// <summary>
/// Temporary credentials for a role assumed by a platform service principal (<c>events.amazonaws.com</c>,
/// later <c>sagemaker.amazonaws.com</c>), the way AWS services assume the roles users give them: the role's trust
/// policy must allow the service principal, evaluated with <c>aws:SourceAccount</c> and <c>aws:SourceArn</c> set.
/// Implemented by the IAM module. Throws <see cref="AwsServiceException"/> (AccessDenied) when the role is missing
/// or does not trust the service.
/// </summary>
public interface IServiceRoleSessions
{
    ValueTask<ResolvedCredential> AssumeRoleAsync(ServiceRoleRequest request, CancellationToken cancellationToken);
}

/// <param name="SourceAccount">The account whose resource (rule, endpoint) uses the role: <c>aws:SourceAccount</c>.</param>
/// <param name="SourceArn">That resource's ARN: <c>aws:SourceArn</c>.</param>
public sealed record ServiceRoleRequest(
    string RoleArn,
    string ServicePrincipal,
    string SourceAccount,
    string? SourceArn,
    string SessionName,
    TimeSpan Duration);

/// <summary>
/// The URL this server answers on (its main listener). Platform components that act as a role (event targets,
/// later model hosting reading artifacts) call the platform's own APIs through it, so they are authenticated and
/// authorized exactly like any other caller.
/// </summary>
public interface IPlatformEndpoint
{
    Uri BaseAddress { get; }
}
