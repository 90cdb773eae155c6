namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>
/// A model artifact could not be made available. <see cref="Exception.Message"/> is the user-facing reason, worded as
/// SageMaker words it, fit for an endpoint's FailureReason. <see cref="Retryable"/> says whether trying again may help
/// (the object store failed or timed out) as opposed to a refusal or a bad artifact.
/// </summary>
public sealed class ModelArtifactException(string reason, bool retryable = false, Exception? inner = null)
    : Exception(reason, inner)
{
    public bool Retryable { get; } = retryable;
}
