using System.Diagnostics.CodeAnalysis;

namespace Sagewright.Events.Targets;

/// <summary>
/// Connection and API destination ARNs, as AWS writes them: <c>arn:aws:events:R:A:connection/NAME/UUID</c> and
/// <c>arn:aws:events:R:A:api-destination/NAME/UUID</c>. The UUID tells a re-created resource from the one a
/// target or destination was pointed at. IAM authorizes on the name-only form (<c>…:connection/NAME</c>), as in
/// AWS's service authorization reference, so <c>connection/NAME*</c> or <c>connection/*</c> in a policy match.
/// </summary>
internal static class TargetsArns
{
    public const string Connection = "connection";
    public const string ApiDestination = "api-destination";

    public static string New(string kind, string accountId, string region, string name) =>
        $"arn:aws:events:{region}:{accountId}:{kind}/{name}/{Guid.NewGuid()}";

    public static string ForPolicy(string kind, string accountId, string region, string name) =>
        $"arn:aws:events:{region}:{accountId}:{kind}/{name}";

    public static bool TryParse(string arn, string kind, [NotNullWhen(true)] out ResourceArn? parsed)
    {
        parsed = null;
        var parts = arn.Split(':', 6);
        if (parts is not ["arn", "aws", "events", var region, var account, var resource] || account.Length != 12)
        {
            return false;
        }
        var path = resource.Split('/');
        if (path is not [var type, var name, var id] || type != kind || name.Length == 0 || id.Length == 0)
        {
            return false;
        }
        parsed = new ResourceArn(account, region, name, arn);
        return true;
    }
}

internal sealed record ResourceArn(string AccountId, string Region, string Name, string Arn);
