using Sagewright.Core;
using Sagewright.EventPatterns;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.Events;

/// <summary>
/// EventBridge's errors with AWS's wording (from AWS's documentation and answers seen in public issues; where AWS
/// publishes none, the wording is ours and stays stable). Code, status and fault come from the model.
/// </summary>
internal sealed class EventsErrors(ServiceCatalog catalog)
{
    private readonly ServiceModel _events = catalog["events"];

    private AwsServiceException Create(string code, string message) => _events.Error(code, message);

    public AwsServiceException Validation(string message) => AwsServiceException.Validation(message, _events.ValidationErrorCode);

    public AwsServiceException BusNotFound(string name) => Create("ResourceNotFoundException", $"Event bus {name} does not exist.");
    public AwsServiceException BusExists(string name) => Create("ResourceAlreadyExistsException", $"Event bus {name} already exists.");
    public AwsServiceException RuleNotFound(RuleRef rule) =>
        Create("ResourceNotFoundException", $"Rule {rule.Name} does not exist on EventBus {rule.Bus.Name}.");
    public AwsServiceException NoPolicy() => Create("ResourceNotFoundException", "EventBus does not have a policy.");
    public AwsServiceException NoStatement() => Create("ResourceNotFoundException", "Statement with the provided id does not exist.");
    public AwsServiceException ResourceNotFound(string arn) => Create("ResourceNotFoundException", $"Resource {arn} does not exist.");
    public AwsServiceException InvalidPattern(InvalidEventPatternException e) => Create("InvalidEventPatternException", e.Message);
    public AwsServiceException TooManyTargets() => Create("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
    public AwsServiceException PolicyTooLong() => Create("PolicyLengthExceededException", "Event bus policy length exceeds the maximum allowed.");

    public AwsServiceException InvalidNextToken() => Validation("The nextToken provided is invalid.");

    /// <summary>A part of an operation not built yet answers as the pipeline answers an operation not built yet.</summary>
    public static AwsServiceException NotImplemented(string what) =>
        new("NotImplemented", $"Sagewright does not implement events:{what} yet.", 501, senderFault: false);
}
