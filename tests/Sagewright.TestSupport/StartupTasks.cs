using Microsoft.Extensions.DependencyInjection;
using Sagewright.Core;

namespace Sagewright.TestSupport;

public static class StartupTasks
{
    /// <summary>Runs the registered startup tasks (migrations and the like) in order, as the server does at boot.</summary>
    public static async Task RunAsync(IServiceProvider services)
    {
        foreach (var task in services.GetServices<IStartupTask>().OrderBy(t => t.Order))
        {
            await task.RunAsync(CancellationToken.None);
        }
    }
}
