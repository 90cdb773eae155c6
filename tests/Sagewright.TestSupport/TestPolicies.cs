namespace Sagewright.TestSupport;

/// <summary>One-statement identity policies.</summary>
public static class TestPolicies
{
    public static string Allow(string action, string resource = "*") => Statement("Allow", action, resource);

    public static string Deny(string action, string resource = "*") => Statement("Deny", action, resource);

    private static string Statement(string effect, string action, string resource) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Action":"{{action}}","Resource":"{{resource}}"}]}""";
}
