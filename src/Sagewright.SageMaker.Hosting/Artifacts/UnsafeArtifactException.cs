namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>The artifact's content is refused: a path leaving the model directory, a device file, conflicting entries.</summary>
internal sealed class UnsafeArtifactException(string detail) : Exception(detail);

/// <summary>The artifact unpacks to more than <see cref="ModelArtifactOptions.MaxUnpackedBytes"/> or MaxEntries.</summary>
internal sealed class ArtifactTooLargeException(string detail) : Exception(detail);
