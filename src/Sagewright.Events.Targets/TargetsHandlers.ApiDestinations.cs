using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events.Targets;

internal sealed partial class TargetsHandlers
{
    /// <summary>AWS's default when InvocationRateLimitPerSecond is not given.</summary>
    public const long DefaultRateLimit = 300;

    public async ValueTask<OperationResult> CreateApiDestination(OperationCall call)
    {
        var name = call.Input.Required("Name");
        var endpoint = Endpoint(call.Input.Required("InvocationEndpoint"));
        var connectionArn = call.Input.Required("ConnectionArn");
        var now = time.GetUtcNow();
        var destination = new ApiDestinationRecord(0, call.AccountId, call.Region, name,
            TargetsArns.New(TargetsArns.ApiDestination, call.AccountId, call.Region, name), call.Input.Optional("Description"),
            connectionArn, endpoint, call.Input.Required("HttpMethod"), call.Input.OptionalInt64("InvocationRateLimitPerSecond") ?? DefaultRateLimit,
            now, now, null);
        var created = await WriteAsync(call, async db =>
        {
            var connection = await OwnConnectionAsync(db, call, connectionArn);
            return await TargetsStore.InsertApiDestinationAsync(db, destination) ? destination with { ConnectionState = connection.State } : null;
        });
        return created is not null ? DestinationChange(created) : throw errors.ApiDestinationExists(name);
    }

    public async ValueTask<OperationResult> DescribeApiDestination(OperationCall call)
    {
        var destination = await ReadAsync(call, db => FindApiDestinationAsync(db, call));
        return DestinationSummary(destination);
    }

    public async ValueTask<OperationResult> ListApiDestinations(OperationCall call)
    {
        var limit = Limit(call);
        var after = After(call);
        var rows = await ReadAsync(call, db => TargetsStore.ListApiDestinationsAsync(db, call.AccountId, call.Region,
            call.Input.Optional("NamePrefix"), call.Input.Optional("ConnectionArn"), after, limit));
        return Page("ApiDestinations", rows, limit, d => d.Name, d =>
        {
            var summary = DestinationSummary(d);
            summary.Remove("Description");
            return summary;
        });
    }

    public async ValueTask<OperationResult> UpdateApiDestination(OperationCall call)
    {
        var endpoint = call.Input.Optional("InvocationEndpoint") is { } given ? Endpoint(given) : null;
        var now = time.GetUtcNow();
        var updated = await WriteAsync(call, async db =>
        {
            var destination = await FindApiDestinationAsync(db, call);
            var connectionState = destination.ConnectionState;
            if (call.Input.Optional("ConnectionArn") is { } connectionArn)
            {
                connectionState = (await OwnConnectionAsync(db, call, connectionArn)).State;
            }
            var changed = destination with
            {
                Description = call.Input.Optional("Description") ?? destination.Description,
                ConnectionArn = call.Input.Optional("ConnectionArn") ?? destination.ConnectionArn,
                Endpoint = endpoint ?? destination.Endpoint,
                HttpMethod = call.Input.Optional("HttpMethod") ?? destination.HttpMethod,
                RateLimit = call.Input.OptionalInt64("InvocationRateLimitPerSecond") ?? destination.RateLimit,
                ModifiedAt = now,
                ConnectionState = connectionState,
            };
            await TargetsStore.UpdateApiDestinationAsync(db, changed);
            return changed;
        });
        return DestinationChange(updated);
    }

    public async ValueTask<OperationResult> DeleteApiDestination(OperationCall call)
    {
        await WriteAsync(call, async db =>
        {
            await TargetsStore.DeleteApiDestinationAsync(db, await FindApiDestinationAsync(db, call));
            return true;
        });
        return OperationResult.Empty;
    }

    private async Task<ApiDestinationRecord> FindApiDestinationAsync(DbSession db, OperationCall call)
    {
        var name = call.Input.Required("Name");
        return await TargetsStore.FindApiDestinationAsync(db, call.AccountId, call.Region, name) ?? throw errors.ApiDestinationNotFound(name);
    }

    /// <summary>A destination uses a connection of its own account and region, named by its current ARN.</summary>
    private async Task<ConnectionRecord> OwnConnectionAsync(DbSession db, OperationCall call, string connectionArn)
    {
        var name = TargetsArns.TryParse(connectionArn, TargetsArns.Connection, out var arn) ? arn.Name : connectionArn;
        var connection = arn is not null && arn.AccountId == call.AccountId && arn.Region == call.Region
            ? await TargetsStore.FindConnectionByArnAsync(db, connectionArn)
            : null;
        return connection ?? throw errors.ConnectionNotFound(name);
    }

    /// <summary>
    /// An absolute http(s) URL. AWS requires https; a self-hosted platform also reaches plain-http services on its
    /// own network (a Jenkins on the LAN), so http is accepted too.
    /// </summary>
    private string Endpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? endpoint
            : throw errors.Validation($"Parameter InvocationEndpoint is not valid. Reason: {endpoint} is not an absolute http(s) URL.");

    private static JsonObject DestinationChange(ApiDestinationRecord destination) => new()
    {
        ["ApiDestinationArn"] = destination.Arn,
        ["ApiDestinationState"] = destination.State,
        ["CreationTime"] = Time(destination.CreatedAt),
        ["LastModifiedTime"] = Time(destination.ModifiedAt),
    };

    private static JsonObject DestinationSummary(ApiDestinationRecord destination)
    {
        var output = DestinationChange(destination);
        output["Name"] = destination.Name;
        output["ConnectionArn"] = destination.ConnectionArn;
        output["InvocationEndpoint"] = destination.Endpoint;
        output["HttpMethod"] = destination.HttpMethod;
        output["InvocationRateLimitPerSecond"] = destination.RateLimit;
        SetIfPresent(output, "Description", destination.Description);
        return output;
    }
}
