using System.Text;
using Microsoft.AspNetCore.Http;
using Sagewright.Core;
using Sagewright.Protocol.Codecs;

namespace Sagewright.Protocol.Pipeline;

/// <summary>
/// Writes errors for requests whose service is unknown (unsigned or unroutable), guessing the protocol from
/// the request: X-Amz-Target → json, a form body → query, anything else → S3-style XML.
/// </summary>
public static class FallbackErrorWriter
{
    public static Task WriteAsync(HttpContext http, AwsServiceException error, string requestId)
    {
        var request = http.Request;
        if (request.Headers.ContainsKey("X-Amz-Target"))
        {
            return JsonCodec.WriteJsonError(http.Response, error, requestId, "application/x-amz-json-1.1", includeType: true);
        }
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            return QueryCodec.WriteQueryError(http.Response, "https://sts.amazonaws.com/doc/2011-06-15/", error, requestId);
        }
        return WriteXmlAsync(http, error, requestId);
    }

    private static async Task WriteXmlAsync(HttpContext http, AwsServiceException error, string requestId)
    {
        http.Response.StatusCode = error.StatusCode;
        http.Response.Headers["x-amz-request-id"] = requestId;
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
            .Append(System.Security.SecurityElement.Escape(error.Code)).Append("</Code><Message>")
            .Append(System.Security.SecurityElement.Escape(error.Message)).Append("</Message><RequestId>")
            .Append(requestId).Append("</RequestId></Error>").ToString();
        var bytes = Encoding.UTF8.GetBytes(xml);
        http.Response.ContentType = "application/xml";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
