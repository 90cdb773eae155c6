using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Sagewright.Hosting;

namespace Sagewright.S3.Tests;

/// <summary>
/// A real Sagewright server, in process on a free port with its own data directory, standing in for the external
/// S3-compatible store. Its admin account's root credentials reach it like any S3 client's.
/// </summary>
public sealed partial class BackingServer : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagewright-backing-").FullName;
    private WebApplication? _app;

    public string Endpoint { get; private set; } = "";
    public string AccessKeyId { get; private set; } = "";
    public string SecretAccessKey { get; private set; } = "";

    /// <summary>A client for inspecting the store directly.</summary>
    public AmazonS3Client Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await SagewrightHost.BuildAsync(new ServeOptions { DataDirectory = _directory, Port = 0, LogFormat = "text" }, default);
        await _app.StartAsync();
        Endpoint = _app.Urls.First();
        var credentials = await File.ReadAllTextAsync(Path.Combine(_directory, "credentials"));
        AccessKeyId = CredentialsValue().Match(credentials, credentials.IndexOf("aws_access_key_id", StringComparison.Ordinal)).Groups[1].Value;
        SecretAccessKey = CredentialsValue().Match(credentials, credentials.IndexOf("aws_secret_access_key", StringComparison.Ordinal)).Groups[1].Value;
        Client = new AmazonS3Client(new BasicAWSCredentials(AccessKeyId, SecretAccessKey), new AmazonS3Config
        {
            ServiceURL = Endpoint,
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = true,
        });
    }

    public async Task<S3BackendOptions> CreateBucketAsync(string keyPrefix)
    {
        var bucket = $"blobs-{Guid.NewGuid():N}"[..30];
        await Client.PutBucketAsync(bucket);
        return new S3BackendOptions
        {
            Endpoint = Endpoint,
            Bucket = bucket,
            AccessKeyId = AccessKeyId,
            SecretAccessKey = SecretAccessKey,
            KeyPrefix = keyPrefix,
        };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"=\s*(\S+)")]
    private static partial Regex CredentialsValue();
}

[CollectionDefinition(Name)]
public sealed class BackingServerCollection : ICollectionFixture<BackingServer>
{
    public const string Name = "backing server";
}
