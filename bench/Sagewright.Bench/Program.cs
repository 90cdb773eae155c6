using Sagewright.Bench;

// Benchmarks with a baseline measured in the same run. Usage: ./sagewright bench [--seconds N] [--rounds N]
var seconds = ArgValue("--seconds", 3);
var rounds = ArgValue("--rounds", 5);
var report = await NoOpCallBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), rounds);
Console.WriteLine(report);
return 0;

int ArgValue(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
