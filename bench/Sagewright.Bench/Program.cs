using Sagewright.Bench;

// Benchmarks with a baseline measured in the same run.
// Usage: ./sagewright bench [noop|s3|registry|all] [--seconds N] [--rounds N] [--large-objects N] [--approvals N]
var which = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
var seconds = ArgValue("--seconds", 3);
var rounds = ArgValue("--rounds", 5);
if (which is "noop" or "all")
{
    Console.WriteLine(await NoOpCallBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), rounds));
}
if (which is "s3" or "all")
{
    Console.WriteLine(await S3ThroughputBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), rounds, ArgValue("--large-objects", 4)));
}
if (which is "registry" or "all")
{
    Console.WriteLine(await RegistryBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), rounds, ArgValue("--approvals", 1000)));
}
return 0;

int ArgValue(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
