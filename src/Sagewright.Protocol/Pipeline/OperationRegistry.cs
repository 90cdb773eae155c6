using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.Protocol.Pipeline;

public sealed record RegisteredOperation(OperationModel Operation, OperationHandler Handler, Access Access, string Action);

/// <summary>A service module: registers its operations' handlers and access declarations.</summary>
public interface IAwsServiceModule
{
    void Register(OperationRegistry registry);
}

/// <summary>Every implemented operation: its handler and its authorization, keyed by the model's operation.</summary>
public sealed class OperationRegistry(ServiceCatalog catalog)
{
    private readonly Dictionary<OperationModel, RegisteredOperation> _operations = [];

    public ServiceCatalog Catalog => catalog;

    public void Add(string service, string operation, OperationHandler handler, Access access)
    {
        var model = catalog[service].Operation(operation);
        var action = access.ActionOverride ?? $"{model.Service.IamPrefix}:{operation}";
        if (!_operations.TryAdd(model, new RegisteredOperation(model, handler, access, action)))
        {
            throw new InvalidOperationException($"{service}:{operation} is registered twice.");
        }
    }

    public RegisteredOperation? Find(OperationModel operation) => _operations.GetValueOrDefault(operation);

    public IReadOnlyCollection<RegisteredOperation> All => _operations.Values;
}
