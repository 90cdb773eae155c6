using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sagewright.Core;
using Sagewright.Protocol.Pipeline;
using Sagewright.SigV4;

namespace Sagewright.Protocol.Tests;

/// <summary>
/// A request signed with the wrong secret, through the whole pipeline: S3 explains SignatureDoesNotMatch in extra
/// elements of its error document; the query protocol services put the canonical request in the message.
/// </summary>
public sealed class PipelineSignatureErrorTests
{
    private const string AccessKeyId = "AKIAPIPELINETEST0001";
    private const string ServerSecret = "server-side-secret-server-side-secret-00";

    private sealed class OneKey : ICredentialResolver
    {
        public ValueTask<ResolvedCredential?> FindAsync(string accessKeyId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ResolvedCredential?>(accessKeyId == AccessKeyId
                ? new ResolvedCredential(AccessKeyId, ServerSecret, CallerIdentity.Root("123456789012"))
                : null);
    }

    private sealed class NoPolicies : IIdentityPolicySource
    {
        public ValueTask<IdentityPolicySet> GetPoliciesAsync(CallerIdentity caller, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new IdentityPolicySet([]));
    }

    private sealed class NoMetrics : IRequestMetrics
    {
        public void Observe(string service, string operation, int statusCode, TimeSpan elapsed)
        {
        }
    }

    private static async Task<(int Status, XElement Error)> SendSignedWithWrongSecretAsync(HttpRequestMessage request, string service, byte[]? body)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSagewrightProtocol()
            .AddSingleton<ICredentialResolver, OneKey>()
            .AddSingleton<IIdentityPolicySource, NoPolicies>()
            .AddSingleton<IRequestMetrics, NoMetrics>()
            .BuildServiceProvider();
        new SigV4Signer(AccessKeyId, "the-wrong-secret-the-wrong-secret-000000", "us-east-1", service).Sign(request, DateTimeOffset.UtcNow, body);

        var http = new DefaultHttpContext();
        http.Request.Method = request.Method.Method;
        http.Request.Path = request.RequestUri!.AbsolutePath;
        http.Request.Host = new HostString(request.RequestUri.Authority);
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            http.Request.Headers[name] = values.ToArray();
        }
        http.Request.Body = new MemoryStream(body ?? []);
        http.Request.ContentLength = body?.Length;
        http.Response.Body = new MemoryStream();

        await services.GetRequiredService<AwsRequestPipeline>().HandleAsync(http);

        return (http.Response.StatusCode, XElement.Parse(Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray())));
    }

    private static string? Element(XElement error, string name) => error.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    [Fact]
    public async Task S3_SignatureDoesNotMatch_ReturnsAccessKeyStringToSignSignatureAndCanonicalRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:4566/example-bucket/photos/cat.jpg");

        var (status, error) = await SendSignedWithWrongSecretAsync(request, "s3", null);

        Assert.Equal(403, status);
        Assert.Equal("SignatureDoesNotMatch", Element(error, "Code"));
        Assert.Equal(AccessKeyId, Element(error, "AWSAccessKeyId"));
        Assert.Equal(request.Headers.GetValues("Authorization").Single().Split("Signature=")[1], Element(error, "SignatureProvided"));
        Assert.StartsWith("AWS4-HMAC-SHA256\n", Element(error, "StringToSign"));
        Assert.EndsWith("/us-east-1/s3/aws4_request\n" + Sha256Hex(Element(error, "CanonicalRequest")!), Element(error, "StringToSign"));
        Assert.StartsWith("GET\n/example-bucket/photos/cat.jpg\n", Element(error, "CanonicalRequest"));
        Assert.Equal(["Code", "Message", "AWSAccessKeyId", "StringToSign", "SignatureProvided", "CanonicalRequest", "RequestId", "HostId"],
            error.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public async Task Sts_SignatureDoesNotMatch_KeepsTheCanonicalRequestInTheMessageOnly()
    {
        var body = "Action=GetCallerIdentity&Version=2011-06-15"u8.ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4566/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var (status, error) = await SendSignedWithWrongSecretAsync(request, "sts", body);

        Assert.Equal(403, status);
        Assert.Equal("SignatureDoesNotMatch", Element(error, "Code"));
        Assert.Contains("The Canonical String for this request should have been\n'POST\n/\n", Element(error, "Message"));
        Assert.Null(Element(error, "CanonicalRequest"));
        Assert.Null(Element(error, "StringToSign"));
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
