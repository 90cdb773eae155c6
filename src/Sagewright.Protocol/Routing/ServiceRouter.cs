using Sagewright.Core;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Model;

namespace Sagewright.Protocol.Routing;

public sealed record RouteMatch(OperationModel Operation, IReadOnlyDictionary<string, string> UriLabels);

/// <summary>
/// Finds the operation a request is for, in the order LocalStack's router uses: the SigV4 signing name picks
/// the candidate services (sagemaker serves the control plane, sagemaker-runtime and sagemaker-edge); then
/// X-Amz-Target (json), Action (query), or the REST URI templates of the candidates.
/// </summary>
public sealed class ServiceRouter
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private readonly ServiceCatalog _catalog;
    private readonly Dictionary<string, RestOperationMatcher> _restMatchers = new(StringComparer.Ordinal);

    public ServiceRouter(ServiceCatalog catalog)
    {
        _catalog = catalog;
        foreach (var group in catalog.Services.GroupBy(s => s.SigningName))
        {
            var rest = group.Where(s => s.Protocol is WireProtocol.RestJson or WireProtocol.RestXml).ToArray();
            if (rest.Length > 0)
            {
                _restMatchers[group.Key] = new RestOperationMatcher(rest);
            }
        }
    }

    /// <summary>The services a signing name covers (empty when Sagewright does not speak it).</summary>
    public IReadOnlyList<ServiceModel> Candidates(string signingName) => _catalog.BySigningName(signingName);

    /// <param name="headers">Request headers: X-Amz-Target for json, and S3's look-alikes (CopyObject has x-amz-copy-source).</param>
    /// <param name="queryParameters">Query string plus form body parameters (for the query protocol's Action).</param>
    public RouteMatch Route(string signingName, string method, string rawPath, Microsoft.AspNetCore.Http.IHeaderDictionary headers,
        IReadOnlyList<KeyValuePair<string, string>> query, Func<IReadOnlyDictionary<string, string>> queryParameters)
    {
        string? target = headers["X-Amz-Target"];
        var candidates = Candidates(signingName);
        if (candidates.Count == 0)
        {
            throw new AwsServiceException("UnrecognizedService", $"Sagewright does not serve the AWS service that requests signed for '{signingName}' are for.", 400);
        }

        if (!string.IsNullOrEmpty(target))
        {
            var dot = target.LastIndexOf('.');
            var prefix = dot < 0 ? "" : target[..dot];
            var service = candidates.FirstOrDefault(s => s.Protocol == WireProtocol.Json && s.TargetPrefix == prefix)
                ?? throw new AwsServiceException("UnknownOperationException", $"X-Amz-Target '{target}' does not name a service signed as '{signingName}'.", 400);
            var name = target[(dot + 1)..];
            return service.Operations.TryGetValue(name, out var op)
                ? new RouteMatch(op, NoLabels)
                : throw new AwsServiceException("UnknownOperationException", $"Operation {name} is not an operation of {service.Name}.", 400);
        }

        if (candidates.FirstOrDefault(s => s.Protocol == WireProtocol.Query) is { } queryService)
        {
            var parameters = queryParameters();
            if (!parameters.TryGetValue("Action", out var action) || action.Length == 0)
            {
                throw new AwsServiceException("MissingAction", "The request must contain the parameter Action.", 400);
            }
            return queryService.Operations.TryGetValue(action, out var op)
                ? new RouteMatch(op, NoLabels)
                : throw new AwsServiceException("InvalidAction", $"Could not find operation {action} for version {parameters.GetValueOrDefault("Version") ?? queryService.ApiVersion}.", 400);
        }

        if (_restMatchers.TryGetValue(signingName, out var matcher) && matcher.Match(method, rawPath, query, headers) is { } match)
        {
            return new RouteMatch(match.Operation, match.UriLabels);
        }

        if (candidates.Any(s => s.Protocol == WireProtocol.Json))
        {
            throw new AwsServiceException("UnknownOperationException", $"No {signingName} operation matches {method} {rawPath} and the request has no X-Amz-Target header.", 400);
        }
        throw new AwsServiceException(signingName == "s3" ? "MethodNotAllowed" : "UnknownOperationException",
            $"No {signingName} operation matches {method} {rawPath}.", signingName == "s3" ? 405 : 400);
    }
}
