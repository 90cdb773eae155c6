using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sagewright.Data;
using Sagewright.Events.Targets.Connections;
using Sagewright.Protocol.Contracts;

namespace Sagewright.Events.Targets.ApiDestinations;

/// <summary>
/// Rule targets that are API destinations (<c>arn:aws:events:R:A:api-destination/NAME/UUID</c>): an HTTP call with the
/// connection's credentials. 2xx is delivered; 429, 5xx, a timeout (5 s, as AWS) or a network failure may succeed
/// later; any other answer will not. Calls beyond the destination's InvocationRateLimitPerSecond wait for a token.
/// </summary>
internal sealed class ApiDestinationTarget(
    IDatabase database,
    ConnectionSecretBox secrets,
    IHttpClientFactory httpClients,
    DestinationRateLimiters rateLimiters,
    EventTargetsOptions options,
    ILogger<ApiDestinationTarget> logger) : IEventTarget
{
    public const string HttpClientName = "sagewright-api-destinations";

    public bool Accepts(string targetArn) => TargetsArns.TryParse(targetArn, TargetsArns.ApiDestination, out _);

    public async ValueTask<TargetCheck> CheckAsync(EventTargetDefinition target, CancellationToken cancellationToken)
    {
        var arn = (string)target.Target["Arn"]!;
        TargetsArns.TryParse(arn, TargetsArns.ApiDestination, out var parsed);
        var destination = parsed is not null && parsed.AccountId == target.RuleAccountId && parsed.Region == target.Region
            ? await database.ReadAsync(db => TargetsStore.FindApiDestinationByArnAsync(db, arn), cancellationToken)
            : null;
        return destination is not null
            ? TargetCheck.Valid
            : new TargetCheck("ResourceNotFoundException",
                $"Failed to describe the api-destination(s). An api-destination '{parsed?.Name ?? arn}' does not exist.");
    }

    public async ValueTask<TargetOutcome> DeliverAsync(EventTargetInvocation invocation, CancellationToken cancellationToken)
    {
        var arn = (string)invocation.Target["Arn"]!;
        var (destination, connection) = await database.ReadAsync(async db =>
        {
            var found = await TargetsStore.FindApiDestinationByArnAsync(db, arn);
            return (found, found is null ? null : await TargetsStore.FindConnectionByArnAsync(db, found.ConnectionArn));
        }, cancellationToken);
        if (destination is null || destination.AccountId != invocation.RuleAccountId)
        {
            return TargetOutcome.Fail($"The API destination {arn} does not exist.");
        }
        if (connection?.SealedSecret is not { } sealedSecret)
        {
            return TargetOutcome.Fail($"The connection {destination.ConnectionArn} of API destination {arn} does not exist or is not authorized.");
        }
        var auth = new ConnectionAuth(connection.AuthorizationType, JsonNode.Parse(secrets.Open(sealedSecret, connection.Arn))!.AsObject());

        HttpRequestMessage request;
        try
        {
            request = ApiDestinationRequest.Build(destination, auth, invocation.Target["HttpParameters"] as JsonObject, invocation.Event, invocation.Payload);
        }
        catch (TargetParametersException e)
        {
            return TargetOutcome.Fail(e.Message);
        }
        using (request)
        {
            using var lease = await rateLimiters.AcquireAsync(arn, destination.RateLimit, cancellationToken);
            if (!lease.IsAcquired)
            {
                return TargetOutcome.Retry($"Too many deliveries are waiting for API destination {arn} (InvocationRateLimitPerSecond {destination.RateLimit}).");
            }
            return await SendAsync(request, arn, cancellationToken);
        }
    }

    private async Task<TargetOutcome> SendAsync(HttpRequestMessage request, string arn, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ApiDestinationTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return TargetOutcome.Success;
            }
            var error = $"API destination {arn} answered {status} {response.ReasonPhrase} to {request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)}.";
            logger.LogWarning("{Error}", error);
            return response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500 ? TargetOutcome.Retry(error) : TargetOutcome.Fail(error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TargetOutcome.Retry($"API destination {arn} did not answer within {options.ApiDestinationTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            return TargetOutcome.Retry($"API destination {arn} could not be reached: {e.Message}");
        }
    }
}
