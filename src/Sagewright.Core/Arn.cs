namespace Sagewright.Core;

/// <summary>An Amazon Resource Name: arn:partition:service:region:account:resource.</summary>
public sealed record Arn(string Partition, string Service, string Region, string AccountId, string Resource)
{
    public const string DefaultPartition = "aws";

    public static Arn Parse(string text) =>
        TryParse(text, out var arn) ? arn : throw new FormatException($"'{text}' is not a valid ARN.");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Arn? arn)
    {
        arn = null;
        if (text is null || !text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }
        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return false;
        }
        arn = new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    public static Arn For(string service, string region, string accountId, string resource) =>
        new(DefaultPartition, service, region, accountId, resource);

    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{AccountId}:{Resource}";
}
