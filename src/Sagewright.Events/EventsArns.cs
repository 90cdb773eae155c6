using Sagewright.Core;

namespace Sagewright.Events;

/// <summary>An event bus named by account, region and name; its ARN is <c>arn:aws:events:R:A:event-bus/NAME</c>.</summary>
internal sealed record BusRef(string AccountId, string Region, string Name)
{
    public const string Default = "default";

    public string Arn => $"arn:aws:events:{Region}:{AccountId}:event-bus/{Name}";

    public bool IsDefault => Name == Default;

    public static BusRef DefaultOf(string accountId, string region) => new(accountId, region, Default);

    /// <summary>A bus name or ARN as EventBusName members take it; no name means the caller's default bus.</summary>
    public static BusRef Parse(string? nameOrArn, string accountId, string region)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            return DefaultOf(accountId, region);
        }
        return TryParseArn(nameOrArn, out var bus) ? bus : new BusRef(accountId, region, nameOrArn);
    }

    public static bool TryParseArn(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BusRef? bus)
    {
        bus = null;
        if (!Sagewright.Core.Arn.TryParse(text, out var arn) || arn.Service != "events" || !arn.Resource.StartsWith("event-bus/", StringComparison.Ordinal))
        {
            return false;
        }
        bus = new BusRef(arn.AccountId, arn.Region, arn.Resource["event-bus/".Length..]);
        return bus.Name.Length > 0;
    }
}

/// <summary>A rule on a bus: <c>arn:aws:events:R:A:rule/NAME</c> on the default bus, <c>rule/BUS/NAME</c> on another.</summary>
internal sealed record RuleRef(BusRef Bus, string Name)
{
    public string Arn => Bus.IsDefault
        ? $"arn:aws:events:{Bus.Region}:{Bus.AccountId}:rule/{Name}"
        : $"arn:aws:events:{Bus.Region}:{Bus.AccountId}:rule/{Bus.Name}/{Name}";

    public static bool TryParseArn(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RuleRef? rule)
    {
        rule = null;
        if (!Sagewright.Core.Arn.TryParse(text, out var arn) || arn.Service != "events" || !arn.Resource.StartsWith("rule/", StringComparison.Ordinal))
        {
            return false;
        }
        var parts = arn.Resource["rule/".Length..].Split('/');
        rule = parts switch
        {
            [var name] => new RuleRef(BusRef.DefaultOf(arn.AccountId, arn.Region), name),
            [var bus, var name] => new RuleRef(new BusRef(arn.AccountId, arn.Region, bus), name),
            _ => null,
        };
        return rule is not null;
    }
}
