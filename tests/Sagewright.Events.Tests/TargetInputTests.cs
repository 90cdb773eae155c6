using System.Text.Json.Nodes;

namespace Sagewright.Events.Tests;

/// <summary>Input transformation, with the examples of AWS's "Amazon EventBridge input transformation" page.</summary>
public class TargetInputTests
{
    private static readonly DateTimeOffset Ingested = new(2015, 11, 11, 21, 29, 55, TimeSpan.Zero);
    private const string RuleArn = "arn:aws:events:us-east-1:123456789012:rule/example";

    private static JsonObject Ec2Event() => (JsonObject)JsonNode.Parse("""
        {"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification",
         "source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1",
         "resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
         "detail":{"instance-id":"i-0123456789","state":"RUNNING","count":3,"tags":{"team":"ml"}}}
        """)!;

    private static string Transform(string template, JsonObject? paths = null) =>
        TargetInput.Payload(new JsonObject
        {
            ["InputTransformer"] = new JsonObject
            {
                ["InputPathsMap"] = paths ?? new JsonObject { ["instance"] = "$.detail.instance-id", ["state"] = "$.detail.state" },
                ["InputTemplate"] = template,
            },
        }, Ec2Event(), RuleArn, "example", Ingested);

    [Theory]
    [InlineData("\"instance <instance> is in <state>\"", "\"instance i-0123456789 is in RUNNING\"")]
    [InlineData("\"<instance> is in state \\\"<state>\\\"\"", "\"i-0123456789 is in state \\\"RUNNING\\\"\"")]
    [InlineData("{\"instance\" : <instance>, \"state\": <state>}", "{\"instance\" : \"i-0123456789\", \"state\": \"RUNNING\"}")]
    [InlineData("{\"instance\" : \"<instance>\", \"state\": \"<state>\"}", "{\"instance\" : \"i-0123456789\", \"state\": \"RUNNING\"}")]
    [InlineData("{\"myInstance\": <instance>,\"myStatus\": \"<instance> is in state \\\"<state>\\\"\"}",
        "{\"myInstance\": \"i-0123456789\",\"myStatus\": \"i-0123456789 is in state \\\"RUNNING\\\"\"}")]
    [InlineData("instance <instance> is <state>", "instance i-0123456789 is RUNNING")]
    [InlineData("{\"rule\": \"<aws.events.rule-name>\", \"arn\": <aws.events.rule-arn>, \"at\": \"<aws.events.event.ingestion-time>\"}",
        "{\"rule\": \"example\", \"arn\": \"arn:aws:events:us-east-1:123456789012:rule/example\", \"at\": \"2015-11-11T21:29:55Z\"}")]
    public void InputTransformer_FillsTemplatesAsAws(string template, string expected) => Assert.Equal(expected, Transform(template));

    [Fact]
    public void InputTransformer_NonStringValues_AreJsonOutsideStrings_AndTextInside()
    {
        var paths = new JsonObject { ["count"] = "$.detail.count", ["tags"] = "$.detail.tags", ["missing"] = "$.detail.nothing" };
        Assert.Equal("""{"n": 3, "t": {"team":"ml"}, "m": null, "s": "3 {\"team\":\"ml\"} "}""",
            Transform("""{"n": <count>, "t": <tags>, "m": <missing>, "s": "<count> <tags> <missing>"}""", paths));
    }

    [Fact]
    public void PredefinedEvent_IsTheEventWithoutDetail_AndEventJsonTheWholeEvent()
    {
        var output = JsonNode.Parse(Transform("""{"e": <aws.events.event>, "j": <aws.events.event.json>}"""))!;
        Assert.Null(output["e"]!["detail"]);
        Assert.Equal("aws.ec2", output["e"]!["source"]!.GetValue<string>());
        Assert.Equal("RUNNING", output["j"]!["detail"]!["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("$.detail", """{"instance-id":"i-0123456789","state":"RUNNING","count":3,"tags":{"team":"ml"}}""")]
    [InlineData("$.resources[0]", "\"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111\"")]
    [InlineData("$.detail.count", "3")]
    [InlineData("$.detail.absent", "null")]
    public void InputPath_SelectsPartOfTheEvent(string path, string expected) =>
        Assert.Equal(expected, TargetInput.Payload(new JsonObject { ["InputPath"] = path }, Ec2Event(), RuleArn, "example", Ingested));

    [Fact]
    public void NoInputSettings_DeliverTheWholeEvent_AndInputIsConstant()
    {
        Assert.Equal(Ec2Event().ToJsonString(), TargetInput.Payload([], Ec2Event(), RuleArn, "example", Ingested));
        Assert.Equal("""{"a":1}""", TargetInput.Payload(new JsonObject { ["Input"] = """{"a":1}""" }, Ec2Event(), RuleArn, "example", Ingested));
    }
}
