using System.Net;
using System.Net.Sockets;
using System.Text;
using static Sagewright.SigV4.Tests.TestSupport;

namespace Sagewright.SigV4.Tests;

/// <summary>
/// Sends requests signed by <see cref="SigV4Signer"/> through a real HttpClient to a loopback socket and verifies the raw
/// request target and headers as they arrive: what the signer signs must be exactly what HttpClient puts on the wire.
/// </summary>
public sealed class SignerOverTheWireTests
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    [Theory]
    [InlineData("s3", "/bucket/dir//a b+(1)ü/../x.txt", "list-type=2&prefix=a b&uploads")]
    [InlineData("s3", "/bucket/encoded%2Fslash~!*'.txt", "")]
    [InlineData("sts", "/", "")]
    [InlineData("execute-api", "/stage/a b/ü/./c", "q=x y&empty=")]
    public async Task SignedRequestSentByHttpClient_VerifiesAsReceived(string service, string path, string query)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var body = "Action=GetCallerIdentity&Version=2011-06-15"u8.ToArray();
            var now = DateTimeOffset.UtcNow;
            var message = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}{path}{(query.Length > 0 ? "?" + query : "")}", Verbatim))
            {
                Content = new ByteArrayContent(body),
            };
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            message.Headers.TryAddWithoutValidation("X-Amz-Meta-Note", "spaced   out");
            new SigV4Signer(ExampleAccessKey, ExampleSecret, "us-east-1", service, "token+/=").Sign(message, now, body);

            using var client = new HttpClient();
            var sending = client.SendAsync(message, timeout.Token);
            using var connection = await listener.AcceptTcpClientAsync(timeout.Token);
            var stream = connection.GetStream();
            var (received, receivedBody) = await ReadRequestAsync(stream, timeout.Token);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);
            (await sending).EnsureSuccessStatusCode();

            var sig = ParseAndVerify(received, ExampleSecret, now, receivedBody, s3: service == "s3");

            Assert.Equal(body, receivedBody);
            Assert.Equal("token+/=", sig.SecurityToken);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Reads one HTTP/1.1 request: request line, headers (values with surrounding whitespace removed, as servers do), Content-Length body.</summary>
    private static async Task<(SigV4Request Request, byte[] Body)> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.NotEqual(0, read);
            received.AddRange(buffer.AsSpan(0, read));
        }

        var lines = Encoding.UTF8.GetString(received.GetRange(0, headEnd).ToArray()).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var target = requestLine[1];
        var questionMark = target.IndexOf('?');
        var headers = lines.Skip(1)
            .Select(line => new KeyValuePair<string, string>(line[..line.IndexOf(':')], line[(line.IndexOf(':') + 1)..].Trim()))
            .ToList();

        var length = int.Parse(headers.Single(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value);
        var body = received.Skip(headEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.NotEqual(0, read);
            body.AddRange(buffer.AsSpan(0, read));
        }

        var request = new SigV4Request(
            requestLine[0],
            questionMark < 0 ? target : target[..questionMark],
            questionMark < 0 ? "" : target[(questionMark + 1)..],
            headers);
        return (request, body.ToArray());
    }

    private static int IndexOfBlankLine(List<byte> data)
    {
        for (var i = 0; i + 3 < data.Count; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
