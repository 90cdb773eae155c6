namespace Sagewright.Kms;

public sealed class KmsOptions
{
    /// <summary>
    /// The file holding the master key that encrypts every KMS key's material in the database (created, mode 0600,
    /// on first start). Kept outside the metadata store so a copy of the database alone reveals no key; replicas
    /// sharing one PostgreSQL database must share this file.
    /// </summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>How often keys whose deletion date has passed are removed for good.</summary>
    public TimeSpan DeletionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
