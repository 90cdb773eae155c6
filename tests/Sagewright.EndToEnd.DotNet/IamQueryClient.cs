using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Sagewright.SigV4;

namespace Sagewright.EndToEnd.DotNet;

/// <summary>
/// IAM over the query protocol, signed by Sagewright.SigV4's client-side signer, for setting tests up: the AWS SDK's
/// IAM package (AWSSDK.IdentityManagement) is not on this machine's NuGet mirror. What the tests assert goes through
/// the SDK's STS client.
/// </summary>
public sealed class IamQueryClient(string endpoint, ImmutableCredentials credentials, string region)
{
    private static readonly HttpClient Http = new();

    public async Task<XElement> CallAsync(string action, params (string Name, string Value)[] parameters)
    {
        var form = new StringBuilder($"Action={action}&Version=2010-05-08");
        foreach (var (name, value) in parameters)
        {
            form.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        var body = Encoding.UTF8.GetBytes(form.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        new SigV4Signer(credentials.AccessKey, credentials.SecretKey, region, "iam", credentials.UseToken ? credentials.Token : null)
            .Sign(request, DateTimeOffset.UtcNow, body);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? XElement.Parse(text)
            : throw new InvalidOperationException($"iam:{action} answered {(int)response.StatusCode}: {text}");
    }

    public Task CreateUserAsync(string userName) => CallAsync("CreateUser", ("UserName", userName));

    public async Task<BasicAWSCredentials> CreateAccessKeyAsync(string userName)
    {
        var key = await CallAsync("CreateAccessKey", ("UserName", userName));
        return new BasicAWSCredentials(Value(key, "AccessKeyId"), Value(key, "SecretAccessKey"));
    }

    public Task DeleteAccessKeyAsync(string userName, string accessKeyId) =>
        CallAsync("DeleteAccessKey", ("UserName", userName), ("AccessKeyId", accessKeyId));

    public Task PutUserPolicyAsync(string userName, string policyName, string document) =>
        CallAsync("PutUserPolicy", ("UserName", userName), ("PolicyName", policyName), ("PolicyDocument", document));

    public Task DeleteUserPolicyAsync(string userName, string policyName) =>
        CallAsync("DeleteUserPolicy", ("UserName", userName), ("PolicyName", policyName));

    /// <summary>Creates a role and returns its ARN.</summary>
    public async Task<string> CreateRoleAsync(string roleName, string trustPolicy) =>
        Value(await CallAsync("CreateRole", ("RoleName", roleName), ("AssumeRolePolicyDocument", trustPolicy)), "Arn");

    public Task PutRolePolicyAsync(string roleName, string policyName, string document) =>
        CallAsync("PutRolePolicy", ("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", document));

    private static string Value(XElement response, string element) =>
        response.Descendants().First(e => e.Name.LocalName == element).Value;
}
