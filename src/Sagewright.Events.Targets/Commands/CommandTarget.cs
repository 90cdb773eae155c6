using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sagewright.Core;
using Sagewright.Protocol.Contracts;

namespace Sagewright.Events.Targets.Commands;

/// <summary>
/// Rule targets named like Lambda functions (<c>arn:aws:lambda:REGION:ACCOUNT:function:NAME</c>) run the program
/// the operator configured as NAME, Lambda-style: the payload on stdin, the target role's credentials in the
/// environment, exit code 0 for success. A failed run is retried the way Lambda retries an asynchronous invoke:
/// twice (three attempts in all) unless the target has a RetryPolicy, which the dispatcher then applies.
/// </summary>
internal sealed class CommandTarget(
    EventTargetsOptions options,
    CommandRunner runner,
    IServiceRoleSessions roles,
    IPlatformEndpoint platform,
    TimeProvider time,
    ILogger<CommandTarget> logger) : IEventTarget
{
    public const string ServicePrincipal = "events.amazonaws.com";

    /// <summary>Lambda's asynchronous invocation: the first attempt and two retries.</summary>
    public const int DefaultAttempts = 3;

    private const string SafePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public bool Accepts(string targetArn) => LambdaFunctionArn.TryParse(targetArn, out _);

    public ValueTask<TargetCheck> CheckAsync(EventTargetDefinition target, CancellationToken cancellationToken)
    {
        var arn = (string)target.Target["Arn"]!;
        return ValueTask.FromResult(LambdaFunctionArn.TryParse(arn, out var name) && options.Commands.ContainsKey(name)
            ? TargetCheck.Valid
            : new TargetCheck("ResourceNotFoundException", $"Function not found: {arn}"));
    }

    public async ValueTask<TargetOutcome> DeliverAsync(EventTargetInvocation invocation, CancellationToken cancellationToken)
    {
        var arn = (string)invocation.Target["Arn"]!;
        if (!LambdaFunctionArn.TryParse(arn, out var name) || !options.Commands.TryGetValue(name, out var command))
        {
            return TargetOutcome.Fail($"Function not found: {arn}");
        }
        var requestId = Guid.NewGuid().ToString();
        Dictionary<string, string> environment;
        try
        {
            environment = await EnvironmentAsync(invocation, name, arn, requestId, cancellationToken);
        }
        catch (AwsServiceException e)
        {
            return TargetOutcome.Fail($"Could not assume the target's role for function {name}: {e.Message}");
        }

        var result = await runner.RunAsync(command, environment, invocation.Payload, options.CommandTimeout, cancellationToken);
        if (result.ExitCode == 0)
        {
            logger.LogInformation("Function {Function} (request {RequestId}) succeeded. stdout: {Stdout} stderr: {Stderr}",
                name, requestId, result.Stdout, result.Stderr);
            return TargetOutcome.Success;
        }
        var error = result.TimedOut
            ? $"Function {name} timed out after {options.CommandTimeout.TotalSeconds:0.#} seconds and was killed."
            : $"Function {name} exited with code {result.ExitCode}.";
        logger.LogWarning("{Error} (request {RequestId}, attempt {Attempt}) stdout: {Stdout} stderr: {Stderr}",
            error, requestId, invocation.Attempt, result.Stdout, result.Stderr);
        return invocation.Target.ContainsKey("RetryPolicy") || invocation.Attempt < DefaultAttempts
            ? TargetOutcome.Retry(error)
            : TargetOutcome.Fail($"{error} Gave up after {DefaultAttempts} attempts, as Lambda does for asynchronous invocations.");
    }

    /// <summary>A clean environment: nothing of the server's own (its credentials, its database URL) leaks in.</summary>
    private async Task<Dictionary<string, string>> EnvironmentAsync(EventTargetInvocation invocation, string name, string arn,
        string requestId, CancellationToken cancellationToken)
    {
        var endpoint = platform.BaseAddress.ToString().TrimEnd('/');
        var deadline = time.GetUtcNow() + options.CommandTimeout;
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = SafePath,
            ["HOME"] = Path.GetTempPath().TrimEnd('/'),
            ["LANG"] = "C.UTF-8",
            ["AWS_REGION"] = invocation.Region,
            ["AWS_DEFAULT_REGION"] = invocation.Region,
            ["AWS_ENDPOINT_URL"] = endpoint,
            ["SAGEWRIGHT_ENDPOINT_URL"] = endpoint,
            ["AWS_LAMBDA_FUNCTION_NAME"] = name,
            ["SAGEWRIGHT_FUNCTION_ARN"] = arn,
            ["SAGEWRIGHT_REQUEST_ID"] = requestId,
            ["SAGEWRIGHT_DEADLINE_MS"] = deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (invocation.Target["RoleArn"]?.GetValue<string>() is { Length: > 0 } roleArn)
        {
            var credential = await roles.AssumeRoleAsync(new ServiceRoleRequest(roleArn, ServicePrincipal, invocation.RuleAccountId,
                invocation.RuleArn, $"events-{requestId}", Max(options.CommandTimeout, TimeSpan.FromMinutes(15))), cancellationToken);
            environment["AWS_ACCESS_KEY_ID"] = credential.AccessKeyId;
            environment["AWS_SECRET_ACCESS_KEY"] = credential.SecretAccessKey;
            if (credential.SessionToken is { } token)
            {
                environment["AWS_SESSION_TOKEN"] = token;
            }
        }
        return environment;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
