namespace Sagewright.Core;

/// <summary>Work a module must finish before the server accepts requests (schema migrations, seeding).</summary>
public interface IStartupTask
{
    /// <summary>Lower runs first (migrations 0–99, seeding 100+).</summary>
    int Order { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
