using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sagewright.Hosting;
using Sagewright.Iam;

namespace Sagewright.EndToEnd.DotNet;

/// <summary>
/// The real Sagewright host, started in this process on a free loopback port with a fresh data directory (SQLite),
/// as `sagewright serve` runs it. Tests reach it only over HTTP, with the AWS SDK for .NET.
/// </summary>
public sealed class SagewrightServer : IAsyncLifetime
{
    public const string Region = "us-east-1";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sagewright-dotnet-e2e-").FullName;
    private WebApplication? _app;

    public string Endpoint { get; private set; } = "";

    /// <summary>The host's services, for driving in-process components no API exposes yet (event targets without a rules engine).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The admin account's root credentials, from DIR/credentials as the first start wrote them.</summary>
    public AWSCredentials AdminRoot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await SagewrightHost.BuildAsync(new ServeOptions { DataDirectory = _dataDirectory, Port = 0, LogFormat = "text" }, CancellationToken.None);
        await _app.StartAsync();
        Endpoint = _app.Urls.First();
        // Read by the SDK's own shared-credentials parser: the file must be in the format AWS tools read.
        var file = new SharedCredentialsFile(Path.Combine(_dataDirectory, "credentials"));
        AdminRoot = file.TryGetProfile("default", out var profile) && AWSCredentialsFactory.TryGetAWSCredentials(profile, file, out var credentials)
            ? credentials
            : throw new InvalidOperationException("DIR/credentials has no usable [default] profile.");
    }

    /// <summary>A new account (as `sagewright admin create-account` makes one) and its root credentials.</summary>
    public async Task<TestAccount> CreateAccountAsync()
    {
        var accounts = _app!.Services.GetRequiredService<AccountAdministration>();
        var created = await accounts.CreateAccountAsync("dotnet-e2e-" + Guid.NewGuid().ToString("N")[..12], CancellationToken.None);
        return new TestAccount(created.AccountId, new BasicAWSCredentials(created.AccessKeyId, created.SecretAccessKey));
    }

    /// <summary>
    /// Points any SDK client config at this server: ServiceURL and signing region, no retries (a failure shows at once).
    /// </summary>
    public TConfig Configure<TConfig>(TConfig config)
        where TConfig : ClientConfig
    {
        config.ServiceURL = Endpoint;
        config.AuthenticationRegion = Region;
        config.MaxErrorRetry = 0;
        return config;
    }

    public IamQueryClient Iam(AWSCredentials credentials) => new(Endpoint, credentials.GetCredentials(), Region);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

public sealed record TestAccount(string AccountId, AWSCredentials Root);

/// <summary>One server for every test class in the collection; each test makes its own accounts, so tests stay apart.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<SagewrightServer>
{
    public const string Name = "Sagewright server";
}
