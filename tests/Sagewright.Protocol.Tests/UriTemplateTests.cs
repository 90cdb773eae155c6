using Sagewright.Protocol.Routing;

namespace Sagewright.Protocol.Tests;

public sealed class UriTemplateTests
{
    [Fact]
    public void Parse_GreedyLabelWithQueryFlag_SplitsSegmentsAndRequiredKeys()
    {
        var template = UriTemplate.Parse("/{Bucket}/{Key+}?uploads");

        Assert.Equal([new(TemplateSegmentKind.Label, "Bucket"), new TemplateSegment(TemplateSegmentKind.GreedyLabel, "Key")], template.Segments);
        Assert.Equal([new KeyValuePair<string, string?>("uploads", null)], template.RequiredQuery);
        Assert.True(template.HasGreedyLabel);
        Assert.Equal(0, template.LiteralSegmentCount);
    }

    [Fact]
    public void Parse_QueryWithValues_KeepsEachKeyAndValue()
    {
        var template = UriTemplate.Parse("/{Bucket}/{Key+}?select&select-type=2");

        Assert.Equal([new KeyValuePair<string, string?>("select", null), new KeyValuePair<string, string?>("select-type", "2")], template.RequiredQuery);
    }

    [Fact]
    public void Parse_TrailingSlash_IsNotASegment()
    {
        var template = UriTemplate.Parse("/bot/{botName}/alias/{botAlias}/user/{userId}/session/");

        Assert.Equal(7, template.Segments.Count);
        Assert.Equal(4, template.LiteralSegmentCount);
        Assert.Equal(new TemplateSegment(TemplateSegmentKind.Literal, "session"), template.Segments[^1]);
    }

    [Fact]
    public void Parse_Root_HasNoSegments()
    {
        Assert.Empty(UriTemplate.Parse("/").Segments);
    }

    [Theory]
    [InlineData("/{Key+}/tail")]
    [InlineData("/prefix-{Label}")]
    [InlineData("no-leading-slash")]
    [InlineData("/a//b")]
    public void Parse_UnsupportedShapes_Throw(string text)
    {
        Assert.Throws<FormatException>(() => UriTemplate.Parse(text));
    }

    [Fact]
    public void Parse_EveryRestOperationOfTheEmbeddedModels_Succeeds()
    {
        var templates = Sagewright.Protocol.Model.ServiceModelLoader.LoadEmbedded()
            .Where(s => s.Protocol is Model.WireProtocol.RestJson or Model.WireProtocol.RestXml)
            .SelectMany(s => s.Operations.Values)
            .Select(op => UriTemplate.Parse(op.RequestUri))
            .ToList();

        Assert.True(templates.Count > 150);
    }
}
