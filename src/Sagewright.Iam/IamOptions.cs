namespace Sagewright.Iam;

public sealed class IamOptions
{
    /// <summary>
    /// How long expired temporary credentials stay stored before they are purged; kept a while so a client presenting
    /// them gets ExpiredToken rather than an unknown-key error.
    /// </summary>
    public TimeSpan ExpiredSessionRetention { get; set; } = TimeSpan.FromDays(1);
}
