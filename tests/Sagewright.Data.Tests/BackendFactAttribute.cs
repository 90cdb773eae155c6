using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sagewright.Data.Tests;

/// <summary>Names the backend a test class runs against, for <see cref="BackendFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BackendAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>A fact skipped when the runner did not request its class's <see cref="BackendAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Sagewright.Data.Tests.BackendFactDiscoverer", "Sagewright.Data.Tests")]
public sealed class BackendFactAttribute : FactAttribute;

public sealed class BackendFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var backend = testMethod.TestClass.Class.GetCustomAttributes(typeof(BackendAttribute))
            .Select(a => a.GetConstructorArguments().Single() as string)
            .SingleOrDefault()
            ?? throw new InvalidOperationException($"{testMethod.TestClass.Class.Name} has no [Backend] attribute.");
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        yield return TestBackends.SkipReason(backend) is { } reason
            ? new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason)
            : new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod);
    }
}
