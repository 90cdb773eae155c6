using Sagewright.Data;
using Sagewright.Iam;
using Sagewright.Protocol.Authorization;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Pipeline;
using Sagewright.Protocol.Routing;

namespace Sagewright.TestSupport;

/// <summary>
/// IAM built by hand over a database: the authorizer, an operation registry with the IAM module in it (a host adds
/// its own module), credentials and accounts, and an invoker that calls through them.
/// </summary>
public sealed class IamStack
{
    private static readonly Lazy<ServiceCatalog> SharedCatalog = new(ServiceCatalog.LoadEmbedded);

    public IamStack(IDatabase database, TimeProvider time, IamOptions? options = null)
    {
        options ??= new IamOptions();
        Cache = new IamCache(options, time);
        Authorizer = new Authorizer(new IdentityPolicySource(database, Cache), new PolicyDocumentCache());
        Registry = new OperationRegistry(Catalog);
        new IamModule(database, Catalog, Authorizer, time, options, Cache).Register(Registry);
        Credentials = new CredentialResolver(database, Cache);
        Accounts = new AccountAdministration(database, time);
        Invoker = new OperationInvoker(Catalog, Registry, Authorizer, new CodecSet(), time);
        Identities = new TestIdentities(Invoker, Accounts, Credentials);
    }

    public static ServiceCatalog Catalog => SharedCatalog.Value;

    public IamCache Cache { get; }
    public Authorizer Authorizer { get; }
    public OperationRegistry Registry { get; }
    public CredentialResolver Credentials { get; }
    public AccountAdministration Accounts { get; }
    public OperationInvoker Invoker { get; }
    public TestIdentities Identities { get; }
}
