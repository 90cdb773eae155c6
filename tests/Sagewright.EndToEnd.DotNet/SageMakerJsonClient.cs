using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Sagewright.SigV4;

namespace Sagewright.EndToEnd.DotNet;

/// <summary>
/// SageMaker over its JSON protocol, signed by Sagewright.SigV4's client-side signer, for setting tests up: the AWS
/// SDK's SageMaker package (AWSSDK.SageMaker) is not on this machine's NuGet mirror.
/// </summary>
public sealed class SageMakerJsonClient(string endpoint, ImmutableCredentials credentials, string region)
{
    private static readonly HttpClient Http = new();

    public async Task<JsonObject> CallAsync(string operation, JsonObject input)
    {
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
        new SigV4Signer(credentials.AccessKey, credentials.SecretKey, region, "sagemaker", credentials.UseToken ? credentials.Token : null)
            .Sign(request, DateTimeOffset.UtcNow, body);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text) as JsonObject ?? []
            : throw new InvalidOperationException($"sagemaker:{operation} answered {(int)response.StatusCode}: {text}");
    }
}
