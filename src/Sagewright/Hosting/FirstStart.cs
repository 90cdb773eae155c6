using System.Text;
using Sagewright.Iam;

namespace Sagewright.Hosting;

/// <summary>
/// On first start, creates the admin account and writes its root credentials to DATA_DIR/credentials in the
/// AWS shared-credentials format (profile default, mode 0600).
/// </summary>
public sealed class FirstStart(AccountAdministration accounts, ServeOptions options, ILogger<FirstStart> logger)
{
    public const string AdminAccountName = "admin";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.DataDirectory, "credentials");
        if (await accounts.FindAccountByNameAsync(AdminAccountName, cancellationToken) is not null)
        {
            return;
        }
        var admin = await accounts.CreateAccountAsync(AdminAccountName, cancellationToken);
        SecretFile.Write(path, new StringBuilder()
            .Append("[default]\n")
            .Append("aws_access_key_id = ").Append(admin.AccessKeyId).Append('\n')
            .Append("aws_secret_access_key = ").Append(admin.SecretAccessKey).Append('\n')
            .Append("# account ").Append(admin.AccountId).Append(" (").Append(AdminAccountName).Append(")\n")
            .ToString());
        logger.LogInformation("Created admin account {AccountId}; its root credentials are in {Path}", admin.AccountId, Path.GetFullPath(path));
    }
}
