namespace Sagewright.SageMaker.Registry.Tags;

internal sealed record SageMakerTag(string Key, string Value);
