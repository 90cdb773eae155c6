using System.Text.Json.Nodes;

namespace Sagewright.Events.Tests;

/// <summary>
/// Each case goes through delivery (PutEvents, a rule with the pattern and a fake target) and through TestEventPattern
/// with the event exactly as delivered; both must give the answer the table (AWS's documented semantics) gives.
/// </summary>
public class PatternAgreementTests : EventsTestBase
{
    private const string DetailType = "Agreement Check";

    /// <summary>Name, pattern, event source, event detail, whether AWS matches.</summary>
    public static TheoryData<string, string, string, string, bool> Cases => new()
    {
        { "exact string", """{"detail":{"state":["running"]}}""", "s", """{"state":"running"}""", true },
        { "exact string, other value", """{"detail":{"state":["running"]}}""", "s", """{"state":"stopped"}""", false },
        { "exact source and detail-type", $$"""{"source":["shop"],"detail-type":["{{DetailType}}"]}""", "shop", "{}", true },
        { "all fields must match", """{"source":["shop"],"detail":{"a":["1"]}}""", "bank", """{"a":"1"}""", false },
        { "number pattern, string value", """{"detail":{"n":[5]}}""", "s", """{"n":"5"}""", false },
        { "string pattern, number value", """{"detail":{"n":["5"]}}""", "s", """{"n":5}""", false },
        { "boolean", """{"detail":{"ok":[true]}}""", "s", """{"ok":true}""", true },
        { "boolean pattern, string value", """{"detail":{"ok":[true]}}""", "s", """{"ok":"true"}""", false },
        { "null matches null", """{"detail":{"v":[null]}}""", "s", """{"v":null}""", true },
        { "null does not match a missing field", """{"detail":{"v":[null]}}""", "s", """{"w":1}""", false },
        { "null does not match \"null\"", """{"detail":{"v":[null]}}""", "s", """{"v":"null"}""", false },
        { "empty string", """{"detail":{"v":[""]}}""", "s", """{"v":""}""", true },
        { "prefix", """{"source":[{"prefix":"com.acme"}]}""", "com.acme.orders", "{}", true },
        { "prefix, no", """{"source":[{"prefix":"com.acme"}]}""", "org.acme", "{}", false },
        { "prefix ignoring case", """{"detail":{"env":[{"prefix":{"equals-ignore-case":"PROD"}}]}}""", "s", """{"env":"production"}""", true },
        { "suffix", """{"detail":{"file":[{"suffix":".png"}]}}""", "s", """{"file":"a/b.png"}""", true },
        { "suffix, no", """{"detail":{"file":[{"suffix":".png"}]}}""", "s", """{"file":"a/b.PNG"}""", false },
        { "suffix ignoring case", """{"detail":{"file":[{"suffix":{"equals-ignore-case":".png"}}]}}""", "s", """{"file":"a/b.PNG"}""", true },
        { "equals-ignore-case", """{"detail":{"state":[{"equals-ignore-case":"RUNNING"}]}}""", "s", """{"state":"Running"}""", true },
        { "equals-ignore-case, no", """{"detail":{"state":[{"equals-ignore-case":"RUNNING"}]}}""", "s", """{"state":"run"}""", false },
        { "wildcard across slashes", """{"detail":{"key":[{"wildcard":"dir/*.txt"}]}}""", "s", """{"key":"dir/a/b.txt"}""", true },
        { "wildcard, no", """{"detail":{"key":[{"wildcard":"dir/*.txt"}]}}""", "s", """{"key":"dir/a.csv"}""", false },
        { "anything-but string", """{"detail":{"state":[{"anything-but":"stopped"}]}}""", "s", """{"state":"running"}""", true },
        { "anything-but string, no", """{"detail":{"state":[{"anything-but":"stopped"}]}}""", "s", """{"state":"stopped"}""", false },
        { "anything-but needs the field", """{"detail":{"state":[{"anything-but":"stopped"}]}}""", "s", """{"other":"x"}""", false },
        { "anything-but list", """{"detail":{"state":[{"anything-but":["a","b"]}]}}""", "s", """{"state":"b"}""", false },
        { "anything-but number", """{"detail":{"n":[{"anything-but":5}]}}""", "s", """{"n":6}""", true },
        { "anything-but number, no", """{"detail":{"n":[{"anything-but":5}]}}""", "s", """{"n":5}""", false },
        { "anything-but prefix", """{"detail":{"key":[{"anything-but":{"prefix":"tmp/"}}]}}""", "s", """{"key":"tmp/x"}""", false },
        { "anything-but prefix, other", """{"detail":{"key":[{"anything-but":{"prefix":"tmp/"}}]}}""", "s", """{"key":"data/x"}""", true },
        { "anything-but suffix", """{"detail":{"key":[{"anything-but":{"suffix":".tmp"}}]}}""", "s", """{"key":"a.tmp"}""", false },
        { "anything-but equals-ignore-case", """{"detail":{"v":[{"anything-but":{"equals-ignore-case":["A","B"]}}]}}""", "s", """{"v":"a"}""", false },
        { "anything-but equals-ignore-case, other", """{"detail":{"v":[{"anything-but":{"equals-ignore-case":["A","B"]}}]}}""", "s", """{"v":"c"}""", true },
        { "anything-but wildcard", """{"detail":{"f":[{"anything-but":{"wildcard":"*.log"}}]}}""", "s", """{"f":"x.log"}""", false },
        { "numeric range, upper bound in", """{"detail":{"price":[{"numeric":[">",10,"<=",20]}]}}""", "s", """{"price":20}""", true },
        { "numeric range, lower bound out", """{"detail":{"price":[{"numeric":[">",10,"<=",20]}]}}""", "s", """{"price":10}""", false },
        { "numeric range, above", """{"detail":{"price":[{"numeric":[">",10,"<=",20]}]}}""", "s", """{"price":25.5}""", false },
        { "numeric equals a decimal", """{"detail":{"n":[{"numeric":["=",3.0]}]}}""", "s", """{"n":3}""", true },
        { "numeric, string value", """{"detail":{"n":[{"numeric":[">",0]}]}}""", "s", """{"n":"5"}""", false },
        { "exists true", """{"detail":{"error":[{"exists":true}]}}""", "s", """{"error":"x"}""", true },
        { "exists true, missing", """{"detail":{"error":[{"exists":true}]}}""", "s", "{}", false },
        { "exists false, missing", """{"detail":{"error":[{"exists":false}]}}""", "s", "{}", true },
        { "exists false, present", """{"detail":{"error":[{"exists":false}]}}""", "s", """{"error":"x"}""", false },
        { "cidr IPv4", """{"detail":{"ip":[{"cidr":"10.0.0.0/24"}]}}""", "s", """{"ip":"10.0.0.7"}""", true },
        { "cidr IPv4, outside", """{"detail":{"ip":[{"cidr":"10.0.0.0/24"}]}}""", "s", """{"ip":"10.0.1.7"}""", false },
        { "cidr IPv6", """{"detail":{"ip":[{"cidr":"2001:db8::/32"}]}}""", "s", """{"ip":"2001:db8::1"}""", true },
        { "$or, second branch", """{"detail":{"$or":[{"a":[1]},{"b":[2]}]}}""", "s", """{"b":2}""", true },
        { "$or, no branch", """{"detail":{"$or":[{"a":[1]},{"b":[2]}]}}""", "s", """{"a":2,"b":1}""", false },
        { "$or across source and detail", """{"$or":[{"source":["x"]},{"detail":{"k":["v"]}}]}""", "y", """{"k":"v"}""", true },
        { "any element of an event array", """{"detail":{"tags":["b"]}}""", "s", """{"tags":["a","b"]}""", true },
        { "no element of an event array", """{"detail":{"tags":["b"]}}""", "s", """{"tags":["a","c"]}""", false },
        { "field inside an array of objects", """{"detail":{"items":{"sku":["x"]}}}""", "s", """{"items":[{"sku":"y"},{"sku":"x"}]}""", true },
        { "nested fields", """{"detail":{"a":{"b":{"c":["d"]}}}}""", "s", """{"a":{"b":{"c":"d"}}}""", true },
        { "nested pattern, flat value", """{"detail":{"a":{"b":{"c":["d"]}}}}""", "s", """{"a":{"b":"d"}}""", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task DeliveryAndTestEventPattern_GiveTheTablesAnswer(string name, string pattern, string source, string detail, bool expected)
    {
        await PutRuleAsync("case", pattern);
        await PutTargetAsync("case", FakeTargetOf("t", "case"));
        // Catches every event of the account, so the full event as delivered is known even when the case does not match.
        await PutRuleAsync("all", $$"""{"account":["{{Account.AccountId}}"]}""");
        await PutTargetAsync("all", FakeTargetOf("t", "all"));

        var put = await EventsAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject { ["Source"] = source, ["DetailType"] = DetailType, ["Detail"] = detail }),
        });
        Assert.Equal(0, put["FailedEntryCount"]!.GetValue<int>());
        await Host.DrainAsync();

        var @event = Assert.Single(Host.Fake.To("all")).Event;
        var delivered = Host.Fake.To("case").Count;
        Assert.InRange(delivered, 0, 1);
        var tested = (await EventsAsync("TestEventPattern", new JsonObject { ["Event"] = @event.ToJsonString(), ["EventPattern"] = pattern }))["Result"]!.GetValue<bool>();
        Assert.True(expected == (delivered == 1), $"{name}: delivery says {delivered == 1}, the table says {expected}");
        Assert.True(expected == tested, $"{name}: TestEventPattern says {tested}, the table says {expected}");
    }
}
