using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;

namespace Sagewright.SageMaker.Hosting;

/// <summary>
/// CreateEndpointConfig's rules beyond the botocore model's (1–10 variants, InitialInstanceCount ≥ 1, weight ≥ 0,
/// sampling 0–100 and 1–32 capture options are checked before the handler runs).
/// </summary>
internal static class EndpointConfigRules
{
    public const double DefaultVariantWeight = 1.0;

    /// <summary>The variants as they are described back: checked, with InitialVariantWeight defaulted.</summary>
    public static JsonArray Variants(JsonObject input, HostingErrors errors)
    {
        var variants = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (variant, index) in input["ProductionVariants"]!.AsArray().OfType<JsonObject>().Select((v, i) => (v, i)))
        {
            if (variant["ServerlessConfig"] is not null)
            {
                throw HostingErrors.NotImplemented("ServerlessConfig on sagemaker:CreateEndpointConfig");
            }
            var name = variant.Required("VariantName");
            if (!names.Add(name))
            {
                throw errors.Validation($"VariantName {name} is used by more than one production variant; variant names must be unique.");
            }
            if (variant.Optional("ModelName") is null)
            {
                throw errors.MemberMissing($"productionVariants.{index + 1}.member.modelName");
            }
            if (variant.Optional("InstanceType") is null)
            {
                throw errors.MemberMissing($"productionVariants.{index + 1}.member.instanceType");
            }
            if (variant.OptionalInt64("InitialInstanceCount") is null)
            {
                throw errors.MemberMissing($"productionVariants.{index + 1}.member.initialInstanceCount");
            }
            var described = variant.DeepClone().AsObject();
            described["InitialVariantWeight"] ??= DefaultVariantWeight;
            variants.Add(described);
        }
        return variants;
    }

    /// <summary>Capture goes to S3 only; each capture mode at most once; content-type lists, when given, not empty.</summary>
    public static void CheckDataCapture(JsonObject input, HostingErrors errors)
    {
        if (input["DataCaptureConfig"] is not JsonObject capture)
        {
            return;
        }
        var destination = capture.Required("DestinationS3Uri");
        if (!destination.StartsWith("s3://", StringComparison.Ordinal) || destination.Length <= "s3://".Length)
        {
            throw errors.Validation($"DataCaptureConfig DestinationS3Uri {destination} is not a valid S3 URI (s3://bucket/prefix).");
        }
        var modes = capture["CaptureOptions"]!.AsArray().OfType<JsonObject>().Select(o => o.Required("CaptureMode")).ToArray();
        if (modes.Distinct(StringComparer.Ordinal).Count() < modes.Length)
        {
            throw errors.Validation("DataCaptureConfig CaptureOptions must not repeat a CaptureMode.");
        }
        if (modes.Contains("InputAndOutput") && modes.Length > 1)
        {
            throw errors.Validation("DataCaptureConfig CaptureMode InputAndOutput cannot be combined with Input or Output.");
        }
        if (capture["CaptureContentTypeHeader"] is JsonObject header && header["CsvContentTypes"] is null && header["JsonContentTypes"] is null)
        {
            throw errors.Validation("DataCaptureConfig CaptureContentTypeHeader must list CsvContentTypes or JsonContentTypes.");
        }
    }
}
