using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Sagewright.Protocol.Tests.RestSupport;

/// <summary>
/// Runs Fixtures/parse_with_botocore.py: a real botocore client parses responses our codecs wrote. python3 on
/// PATH must be the pip Python with botocore (SAGEWRIGHT_PYTHON overrides); when it is missing the tests fail
/// and say so rather than pass without having checked anything.
/// </summary>
internal static class Botocore
{
    public static JsonArray ParseResponses(JsonArray cases)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "parse_with_botocore.py");
        var python = Environment.GetEnvironmentVariable("SAGEWRIGHT_PYTHON") ?? "python3";
        var start = new ProcessStartInfo(python, [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{python} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"These tests need '{python}' with pip botocore to judge our responses, and it could not be started: {e.Message}. " +
                "Install python3 and botocore, or point SAGEWRIGHT_PYTHON at an interpreter that has it.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(cases.ToJsonString());
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{python} {script} did not finish within 2 minutes.");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{python} {script} failed with exit code {process.ExitCode}: {stderr.Result}");
            }
            return JsonNode.Parse(stdout.Result)!.AsArray();
        }
    }
}
