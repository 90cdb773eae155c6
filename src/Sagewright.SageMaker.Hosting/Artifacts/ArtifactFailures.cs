namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>The reasons SageMaker gives (CreateModel ValidationException, endpoint FailureReason) for model data it cannot use.</summary>
internal static class ArtifactFailures
{
    public static ModelArtifactException AccessDenied(ModelArtifactRequest request, Exception? inner = null) => new(
        $"Could not access model data at {request.Source.S3Uri}. Please ensure that the role \"{request.ExecutionRoleArn}\" exists and that "
        + "its trust relationship policy allows the action \"sts:AssumeRole\" for the service principal \"sagemaker.amazonaws.com\". "
        + $"Also ensure that the role has \"s3:GetObject\" permissions and that the object is located in {request.Region}. "
        + "If your Model uses multiple models or uncompressed models, please ensure that the role has \"s3:ListBucket\" permission.",
        inner: inner);

    public static ModelArtifactException NotFound(ModelArtifactRequest request) =>
        new($"Could not find model data at {request.Source.S3Uri}.");

    public static ModelArtifactException Unavailable(ModelArtifactRequest request, string detail, Exception? inner = null) =>
        new($"Could not access model data at {request.Source.S3Uri}: {detail}", retryable: true, inner);

    public static ModelArtifactException NotAnArchive(ModelArtifactRequest request, Exception inner) =>
        new($"{ExtractFailed(request)} Please ensure that the object located at the URL is a valid tar.gz archive.", inner: inner);

    public static ModelArtifactException Unsafe(ModelArtifactRequest request, string detail) =>
        new(request.Source.Kind == ModelDataKind.GzipArchive
            ? $"{ExtractFailed(request)} {detail}"
            : $"Failed to download model data from URL \"{request.Source.S3Uri}\". {detail}");

    public static ModelArtifactException TooLarge(ModelArtifactRequest request, string detail) =>
        new($"{ExtractFailed(request)} The model data archive is too large. Please reduce the size of the model data archive "
            + $"or move to an instance type with more memory. {detail}");

    public static ModelArtifactException TimedOut(ModelArtifactRequest request, TimeSpan limit) =>
        new($"Failed to download model data from URL \"{request.Source.S3Uri}\" within {(int)limit.TotalSeconds} seconds.", retryable: true);

    public static ModelArtifactException BadUri(ModelArtifactRequest request) =>
        new($"Could not access model data at {request.Source.S3Uri}: it is not an S3 URL of the form s3://bucket/key.");

    private static string ExtractFailed(ModelArtifactRequest request) => request.ContainerHostname is { } hostname
        ? $"Failed to extract model data archive for container \"{hostname}\" from URL \"{request.Source.S3Uri}\"."
        : $"Failed to extract model data archive from URL \"{request.Source.S3Uri}\".";
}
