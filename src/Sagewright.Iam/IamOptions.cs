namespace Sagewright.Iam;

public sealed class IamOptions
{
    /// <summary>
    /// How long expired temporary credentials stay stored before they are purged; kept a while so a client presenting
    /// them gets ExpiredToken rather than an unknown-key error.
    /// </summary>
    public TimeSpan ExpiredSessionRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a credential or a caller's identity policies stay cached in process (<see cref="IamCache"/>): the
    /// longest a change made by another process (admin CLI, another replica) takes to apply here. Changes made through
    /// this process apply at once. Zero turns the cache off.
    /// </summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(5);
}
