using Sagewright.Core;
namespace Sagewright.Protocol.Model;

public enum WireProtocol
{
    Json,
    RestJson,
    RestXml,
    Query,
}

/// <summary>One AWS service model (one botocore service-2.json, as extracted by tools/Sagewright.ModelGen).</summary>
public sealed class ServiceModel
{
    /// <summary>The botocore service name, e.g. sagemaker-runtime.</summary>
    public required string Name { get; init; }
    public required WireProtocol Protocol { get; init; }
    public required string SigningName { get; init; }
    public required string EndpointPrefix { get; init; }
    public required string ApiVersion { get; init; }
    public string? TargetPrefix { get; init; }
    public string? JsonVersion { get; init; }
    public string? XmlNamespace { get; init; }
    public string? ServiceId { get; init; }

    /// <summary>Prefix of IAM actions (iam, sts, s3, sagemaker, kms, events, cloudwatch, personalize, lex).</summary>
    public required string IamPrefix { get; init; }

    /// <summary>Error code for request validation failures (ValidationException, or ValidationError for IAM/STS).</summary>
    public required string ValidationErrorCode { get; init; }

    public IReadOnlyDictionary<string, OperationModel> Operations { get; internal set; } =
        new Dictionary<string, OperationModel>();
    public IReadOnlyDictionary<string, Shape> Shapes { get; internal set; } = new Dictionary<string, Shape>();

    public OperationModel Operation(string name) =>
        Operations.TryGetValue(name, out var op) ? op : throw new KeyNotFoundException($"{Name} has no operation {name}.");

    /// <summary>The error shape whose code is given, if the model declares it.</summary>
    public Shape? FindError(string code) =>
        Shapes.Values.FirstOrDefault(s => s.IsError && (s.ErrorCode ?? s.Name) == code);

    /// <summary>
    /// The error the model declares under <paramref name="code"/>, with <paramref name="message"/>: code, HTTP status
    /// and fault come from the model, so a service only writes AWS's wording.
    /// </summary>
    public AwsServiceException Error(string code, string message)
    {
        var shape = FindError(code) ?? throw new InvalidOperationException($"The {Name} model declares no error {code}.");
        return new AwsServiceException(shape.ErrorCode ?? shape.Name, message, shape.ErrorStatusCode ?? 400, shape.ErrorSenderFault);
    }

    public override string ToString() => Name;
}
