using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sagewright.Core;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;
using Sagewright.SigV4;

namespace Sagewright.Protocol.Pipeline;

/// <summary>
/// Every AWS request, in order: read the SigV4 signature → resolve service and operation → verify the
/// signature and resolve the account → parse and validate the input → authorize → dispatch → serialize.
/// </summary>
public sealed partial class AwsRequestPipeline(
    ServiceRouter router,
    OperationRegistry registry,
    CodecSet codecs,
    ICredentialResolver credentials,
    Authorizer authorizer,
    PipelineOptions options,
    TimeProvider time,
    IRequestMetrics metrics,
    ILogger<AwsRequestPipeline> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = Ids.RequestId();
        ServiceModel? service = null;
        OperationModel? operation = null;
        try
        {
            var target = RawTarget.Of(http);
            var query = target.DecodedQuery();
            var signatureRequest = new SigV4Request(http.Request.Method, target.Path, target.Query, HeaderList(http.Request));
            var signature = SigV4Parser.Parse(signatureRequest) ?? throw MissingAuthentication(http.Request);
            var isS3 = signature.Service == "s3";

            var body = isS3 ? ReadOnlyMemory<byte>.Empty : await RequestBody.BufferAsync(http.Request, options.MaxBufferedBodyBytes, http.RequestAborted);
            var routePath = isS3 && VirtualHostedBucket(http.Request.Host.Host) is { } bucket ? "/" + bucket + target.Path : target.Path;
            var route = router.Route(signature.Service, http.Request.Method, routePath, http.Request.Headers,
                query, () => QueryCodec.QueryParameters(query, body));
            operation = route.Operation;
            service = operation.Service;

            var credential = await Authenticate(http, signatureRequest, signature, service, body);
            var streamed = isS3 ? await RequestBody.OpenS3BodyAsync(http.Request, signature, credential.SigningKey, operation, options.MaxBufferedBodyBytes) : null;
            if (streamed is { Buffered: { } s3Buffered })
            {
                body = s3Buffered;
            }

            var context = new RequestContext
            {
                RequestId = requestId,
                Http = http,
                Service = service,
                Operation = operation,
                Region = signature.Region,
                Caller = credential.Resolved.Caller,
                AccessKeyId = signature.AccessKeyId,
                ReceivedAt = time.GetUtcNow(),
                SourceIp = http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
                SourceVpce = options.NamedListeners.GetValueOrDefault(http.Connection.LocalPort),
                SecureTransport = http.Request.IsHttps || options.AssumeSecureTransport,
            };

            var codec = codecs.For(service);
            var input = codec.ReadInput(new ProtocolRequest(http.Request, operation, route.UriLabels, query, body, streamed?.Stream));
            if (operation.Input is { } inputShape && service.Protocol != WireProtocol.RestXml)
            {
                ShapeValidator.Validate(service, inputShape, input);
            }

            var registration = registry.Find(operation) ?? throw NotImplemented(operation);
            // Buffered blob payloads (InvokeEndpoint bodies) reach handlers as a stream like streamed ones (S3 objects).
            var payload = streamed?.Stream ?? (RequestBody.HasBlobPayload(operation) ? new MemoryStream(body.ToArray(), writable: false) : null);
            var call = new OperationCall(context, input, payload);
            await authorizer.AuthorizeOperationAsync(registration, call);
            var result = await registration.Handler(call);
            CloseIfContinueWasNotSent(http, failed: false);
            await codec.WriteOutputAsync(http.Response, operation, result, requestId);
        }
        catch (Exception e) when (Translate(e, service) is { } error)
        {
            await WriteErrorAsync(http, service, error, requestId, e);
        }
        finally
        {
            metrics.Observe(service?.Name ?? "unknown", operation?.Name ?? "unknown", http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<(ResolvedCredential Resolved, byte[] SigningKey)> Authenticate(
        HttpContext http, SigV4Request request, ParsedSignature signature, ServiceModel service, ReadOnlyMemory<byte> body)
    {
        var resolved = await credentials.FindAsync(signature.AccessKeyId, http.RequestAborted);
        if (resolved is null || !SessionTokenMatches(resolved, signature.SecurityToken))
        {
            throw AuthenticationErrors.InvalidAccessKey(service);
        }
        var now = time.GetUtcNow();
        if (resolved.Expiration is { } expiration && expiration <= now)
        {
            throw AuthenticationErrors.ExpiredToken(service);
        }
        var isS3 = signature.Service == "s3";
        var payloadHash = isS3
            ? signature.PayloadHash ?? "UNSIGNED-PAYLOAD"
            : Convert.ToHexStringLower(SHA256.HashData(body.Span));
        var key = SigV4Verifier.Verify(request, signature, resolved.SecretAccessKey, payloadHash, normalizePath: !isS3, now, s3Errors: isS3);
        return (resolved, key);
    }

    /// <summary>The bucket a virtual-hosted-style Host names ("photos.s3.localhost" → "photos"), or null for path style.</summary>
    private string? VirtualHostedBucket(string host)
    {
        foreach (var domain in options.S3VirtualHostDomains.OrderByDescending(d => d.Length))
        {
            if (host.Length > domain.Length + 1 && host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
            {
                return host[..^(domain.Length + 1)];
            }
        }
        return null;
    }

    private static bool SessionTokenMatches(ResolvedCredential credential, string? presented)
    {
        if (credential.SessionToken is null)
        {
            return presented is null;
        }
        return presented is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(credential.SessionToken), System.Text.Encoding.UTF8.GetBytes(presented));
    }

    private async Task WriteErrorAsync(HttpContext http, ServiceModel? service, AwsServiceException error, string requestId, Exception original)
    {
        if (error.StatusCode >= 500)
        {
            LogUnexpected(logger, original, requestId, service?.Name ?? "unknown", http.Request.Method, http.Request.Path);
        }
        else
        {
            LogRejected(logger, requestId, service?.Name ?? "unknown", error.Code, error.Message);
        }
        if (http.Response.HasStarted)
        {
            http.Abort();
            return;
        }
        http.Response.Clear();
        CloseIfContinueWasNotSent(http, failed: true);
        if (service is null)
        {
            await FallbackErrorWriter.WriteAsync(http, error, requestId);
        }
        else
        {
            await codecs.For(service).WriteErrorAsync(http.Response, service, error, requestId);
        }
    }

    private static AwsServiceException? Translate(Exception e, ServiceModel? service) => e switch
    {
        AwsServiceException aws => aws,
        SigV4Exception sig => new AwsServiceException(sig.Code, sig.Message, sig.StatusCode)
        {
            Details = service?.Name == "s3" ? S3SignatureDetails(sig) : new Dictionary<string, string>(),
        },
        BadHttpRequestException bad => new AwsServiceException(bad.StatusCode == 413 ? "RequestEntityTooLarge" : "BadRequest", bad.Message, bad.StatusCode),
        OperationCanceledException when e is not TimeoutException => null, // client went away: nothing to answer
        _ => new AwsServiceException("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, senderFault: false),
    };

    /// <summary>
    /// A request with "Expect: 100-continue" answered without its body being read (an empty body, or an error before the
    /// handler read it) got its final response instead of "100 Continue". botocore then keeps that response's status
    /// line for the next request on the same connection and misreads it (a read timeout), so close the connection.
    /// </summary>
    private static void CloseIfContinueWasNotSent(HttpContext http, bool failed)
    {
        if ((failed || http.Request.ContentLength == 0)
            && http.Request.Headers.Expect.ToString().Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.Connection = "close";
        }
    }

    /// <summary>
    /// S3 explains a signature failure in extra elements of its error document, in this order, so that a client can
    /// compare its own canonical request; the other services put the canonical request in the message instead.
    /// </summary>
    private static Dictionary<string, string> S3SignatureDetails(SigV4Exception sig)
    {
        var details = new Dictionary<string, string>();
        foreach (var (name, value) in new[]
        {
            ("AWSAccessKeyId", sig.AccessKeyId),
            ("StringToSign", sig.StringToSign),
            ("SignatureProvided", sig.SignatureProvided),
            ("CanonicalRequest", sig.CanonicalRequest),
        })
        {
            if (value is not null)
            {
                details.Add(name, value);
            }
        }
        return details;
    }

    private static AwsServiceException NotImplemented(OperationModel operation) => new(
        "NotImplemented",
        $"Sagewright does not implement {operation.Service.Name}:{operation.Name} yet.",
        501,
        senderFault: false);

    private static AwsServiceException MissingAuthentication(HttpRequest request) => request.Headers.ContainsKey("X-Amz-Target")
        ? new AwsServiceException("MissingAuthenticationTokenException", "Missing Authentication Token: every request must be signed with AWS Signature Version 4.", 403)
        : AwsServiceException.AccessDenied("Anonymous access is not allowed: every request must be signed with AWS Signature Version 4.");

    private static List<KeyValuePair<string, string>> HeaderList(HttpRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }
        return headers;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} to {Service} {Method} {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception e, string requestId, string service, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} to {Service} rejected: {Code}: {Message}")]
    private static partial void LogRejected(ILogger logger, string requestId, string service, string code, string message);
}
