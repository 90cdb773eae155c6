using Microsoft.Extensions.DependencyInjection;
using Sagewright.Events;
using Sagewright.Hosting;

namespace Sagewright.EndToEnd.DotNet;

/// <summary>How `serve` options reach the modules, checked on the host `serve` builds.</summary>
public class HostConfigurationTests
{
    [Theory]
    [InlineData(5, 30)]
    [InlineData(60, 70)]
    [InlineData(300, 310)]
    public async Task EventDeliveries_OutlastTheCommandTimeout(int commandTimeoutSeconds, int expectedDeliverySeconds)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("sagewright-host-").FullName;
        try
        {
            await using var app = await SagewrightHost.BuildAsync(new ServeOptions
            {
                DataDirectory = dataDirectory,
                Port = 0,
                LogFormat = "text",
                EventCommandTimeout = TimeSpan.FromSeconds(commandTimeoutSeconds),
            }, CancellationToken.None);
            Assert.Equal(TimeSpan.FromSeconds(expectedDeliverySeconds), app.Services.GetRequiredService<EventsOptions>().DeliveryTimeout);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
