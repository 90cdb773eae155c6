using System.Text.Json.Nodes;
using Sagewright.Protocol.Model;
using Sagewright.Protocol.Routing;

namespace Sagewright.Protocol.Tests;

public sealed class ServiceModelLoaderTests
{
    private static readonly JsonObject Patches = JsonNode.Parse(
        """{"services":{"example":{"iamPrefix":"example","validationErrorCode":"ValidationException"}}}""")!.AsObject();

    private static ServiceModel LoadExample() => ServiceModelLoader.Load("example", JsonNode.Parse("""
        {
          "metadata": {"protocol": "rest-json", "endpointPrefix": "example", "apiVersion": "2024-01-01"},
          "operations": {
            "PutThing": {"http": {"method": "PUT", "requestUri": "/things"}, "input": {"shape": "PutThingRequest"}, "deprecated": true},
            "PutThingV2": {"http": {"method": "PUT", "requestUri": "/things"}, "input": {"shape": "PutThingRequest"}}
          },
          "shapes": {
            "PutThingRequest": {"type": "structure", "members": {
              "Attributes": {"shape": "String", "location": "header", "locationName": "x-attributes", "jsonvalue": true},
              "Name": {"shape": "String", "location": "header", "locationName": "x-name"}
            }},
            "String": {"type": "string"}
          }
        }
        """)!.AsObject(), Patches);

    [Fact]
    public void Load_MemberMarkedJsonvalue_HasJsonValue_AndOtherMembersDoNot()
    {
        var input = LoadExample().Operations["PutThing"].Input!;

        Assert.True(input.FindMember("Attributes")!.JsonValue);
        Assert.False(input.FindMember("Name")!.JsonValue);
    }

    [Fact]
    public void Load_OperationMarkedDeprecated_IsDeprecated_AndOthersAreNot()
    {
        var service = LoadExample();

        Assert.True(service.Operations["PutThing"].Deprecated);
        Assert.False(service.Operations["PutThingV2"].Deprecated);
    }

    [Fact]
    public void EmbeddedModels_CarryTheTraitsTheCodecsAndRouterUse()
    {
        var catalog = ServiceCatalog.LoadEmbedded();

        Assert.True(catalog["s3"].Operations["GetBucketLifecycle"].Deprecated);
        Assert.False(catalog["s3"].Operations["GetBucketLifecycleConfiguration"].Deprecated);
        Assert.True(catalog["personalize-events"].Shapes["Event"].FindMember("properties")!.JsonValue);
    }
}
