using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sagewright.Core;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;

namespace Sagewright.TestSupport;

/// <summary>
/// Calls operations the way the pipeline sends them: input validated against the model, authorized with the
/// operation's Access, handled, and the output serialized by the service's codec.
/// </summary>
public sealed class OperationInvoker(ServiceCatalog catalog, OperationRegistry registry, Authorizer authorizer, CodecSet codecs, TimeProvider time)
{
    public const string DefaultAccessKeyId = "AKIAEXAMPLEEXAMPLE00";

    /// <summary>Takes the catalog, registry, authorizer and codecs the server's DI registrations built.</summary>
    public static OperationInvoker From(IServiceProvider services, TimeProvider time) => new(
        services.GetRequiredService<ServiceCatalog>(),
        services.GetRequiredService<OperationRegistry>(),
        services.GetRequiredService<Authorizer>(),
        services.GetRequiredService<CodecSet>(),
        time);

    public RequestContext Context(CallerIdentity caller, string service, string operation, string region = "us-east-1",
        string accessKeyId = DefaultAccessKeyId)
    {
        var model = catalog[service].Operation(operation);
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        return new RequestContext
        {
            RequestId = Ids.RequestId(),
            Http = http,
            Service = model.Service,
            Operation = model,
            Region = region,
            Caller = caller,
            AccessKeyId = accessKeyId,
            ReceivedAt = time.GetUtcNow(),
            SourceIp = "127.0.0.1",
        };
    }

    /// <summary>Calls an operation as <paramref name="caller"/> and returns its output as the handler produced it.</summary>
    public async Task<JsonObject> CallAsync(CallerIdentity caller, string service, string operation, JsonObject? input = null,
        string accessKeyId = DefaultAccessKeyId, string region = "us-east-1")
    {
        input ??= [];
        var context = Context(caller, service, operation, region, accessKeyId);
        var model = context.Operation;
        if (model.Input is { } shape)
        {
            ShapeValidator.Validate(model.Service, shape, input);
        }
        var registration = registry.Find(model) ?? throw new InvalidOperationException($"{service}:{operation} is not registered.");
        var call = new OperationCall(context, input, null);
        await authorizer.AuthorizeOperationAsync(registration, call);
        var result = await registration.Handler(call);
        // Serializing proves the output fits the model's shapes as the wire writer sees them.
        await codecs.For(model.Service).WriteOutputAsync(context.Http.Response, model, result, context.RequestId);
        return result.Output;
    }
}
