using Sagewright.Core;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.Events.Targets;

/// <summary>
/// EventBridge's errors for connections and API destinations, with AWS's wording where it is known (not-found and
/// already-exists); code, status and fault come from the events model's error shapes.
/// </summary>
internal sealed class TargetsErrors(ServiceCatalog catalog)
{
    private readonly ServiceModel _events = catalog["events"];

    private AwsServiceException Create(string code, string message) => _events.Error(code, message);

    public AwsServiceException Validation(string message) => AwsServiceException.Validation(message, _events.ValidationErrorCode);

    public AwsServiceException ConnectionExists(string name) => Create("ResourceAlreadyExistsException", $"Connection {name} already exists.");

    public AwsServiceException ConnectionNotFound(string name) =>
        Create("ResourceNotFoundException", $"Failed to describe the connection(s). Connection '{name}' does not exist.");

    public AwsServiceException ApiDestinationExists(string name) =>
        Create("ResourceAlreadyExistsException", $"An api-destination '{name}' already exists.");

    public AwsServiceException ApiDestinationNotFound(string name) =>
        Create("ResourceNotFoundException", $"Failed to describe the api-destination(s). An api-destination '{name}' does not exist.");

    public AwsServiceException InvalidNextToken() => Validation("The NextToken is not valid.");

    /// <summary>A part of an operation not built yet answers as the pipeline answers an operation not built yet.</summary>
    public static AwsServiceException NotImplemented(string what) =>
        new("NotImplemented", $"Sagewright does not implement events:{what} yet.", 501, senderFault: false);
}
