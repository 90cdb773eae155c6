using System.Text.Json.Nodes;
using Sagewright.Protocol.Codecs;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Tests.RestSupport;

namespace Sagewright.Protocol.Tests;

/// <summary>
/// Requests exactly as botocore serializes them (Fixtures/rest-requests.json, made by make_rest_fixtures.py)
/// must route to the operation they were made for and parse back to the parameters they were made from.
/// </summary>
public sealed class RestRequestCompatibilityTests
{
    private static readonly Lazy<JsonArray> Fixture = new(() => JsonNode.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rest-requests.json")))!["cases"]!.AsArray());

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        for (var i = 0; i < Fixture.Value.Count; i++)
        {
            data.Add($"{i:D2} {Fixture.Value[i]!["service"]}:{Fixture.Value[i]!["operation"]}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BotocoreRequest_RoutesToItsOperation_AndParsesToItsParameters(string name)
    {
        var testCase = Fixture.Value[int.Parse(name[..2], System.Globalization.CultureInfo.InvariantCulture)]!;
        var wire = testCase["request"]!;
        var headers = wire["headers"]!.AsArray().Select(h => new KeyValuePair<string, string>((string)h![0]!, (string)h[1]!));
        var body = Convert.FromBase64String((string)wire["bodyBase64"]!);

        var (operation, input) = RestExchange.Parse((string)wire["method"]!, (string)wire["path"]!, (string)wire["query"]!, headers, body);

        Assert.Equal($"{testCase["service"]}:{testCase["operation"]}", operation.ToString());
        var expected = testCase["params"]!.DeepClone().AsObject();
        if (RestBindings.PayloadMember(operation.Input) is { Shape.Type: ShapeType.Blob } payload)
        {
            // A blob payload is the body, streamed to the handler rather than put in the tree.
            Assert.Equal(Convert.FromBase64String((string)expected[payload.Name]!), body);
            expected.Remove(payload.Name);
        }
        if (operation.Input!.Members.FirstOrDefault(m => m.LocationName == "Content-Length") is { } contentLength
            && !expected.ContainsKey(contentLength.Name) && body.Length > 0)
        {
            // The HTTP layer sets Content-Length for any body (UploadPart), and S3 binds it to a member.
            expected[contentLength.Name] = body.Length;
        }
        ShapeTreeAssert.Equivalent(operation.Input!, expected, input, operation.Name);
    }
}
