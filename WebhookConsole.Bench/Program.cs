using System.Diagnostics;
using System.Text.Json;
using WebhookConsole.Bench;

// WebhookConsole benchmark: see README "Benchmark". `--quick` runs tiny sizes (the smoke run in the tests).
var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(Directory.GetCurrentDirectory(), "bench-results");
var sizes = quick ? Sizes.Quick : Sizes.Full;
var results = new List<BenchResult>();
var work = Path.Combine(Path.GetTempPath(), "wc-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);

Console.WriteLine($"WebhookConsole benchmark ({(quick ? "quick" : "full")}) on {MachineInfo.Describe()}");
await using var receiver = await Receiver.StartAsync();
var scenarios = new Scenarios(sizes, receiver, work);

async Task Run(string key, Func<Task<BenchResult>> scenario)
{
    if (only is not null && !only.Split(',').Contains(key)) return;
    Console.WriteLine($"· {key} …");
    var clock = Stopwatch.StartNew();
    try
    {
        var result = await scenario();
        results.Add(result);
        Console.WriteLine($"  {result.Name}: {result.Value:N1} {result.Unit} (target {result.Target}) {(result.Met ? "met" : "MISSED")} [{clock.Elapsed.TotalSeconds:0.0} s]");
    }
    catch (Exception e)
    {
        results.Add(new BenchResult(key, key, 0, "error", "-", false, e.Message));
        Console.WriteLine($"  {key} failed: {e.Message}");
    }
}

async Task RunMany(string key, Func<Task<List<BenchResult>>> scenario)
{
    if (only is not null && !only.Split(',').Contains(key)) return;
    Console.WriteLine($"· {key} …");
    try
    {
        foreach (var result in await scenario())
        {
            results.Add(result);
            Console.WriteLine($"  {result.Name}: {result.Value:N1} {result.Unit} (target {result.Target}) {(result.Met ? "met" : "MISSED")} — {result.Note}");
        }
    }
    catch (Exception e)
    {
        results.Add(new BenchResult(key, key, 0, "error", "-", false, e.Message));
        Console.WriteLine($"  {key} failed: {e.Message}");
    }
}

await RunMany("cpu", new CpuScenario(sizes, receiver, work).RunAsync);
// Not in the default run: it needs a PostgreSQL cluster (`--only postgres`, see README "Benchmark").
if (only is not null) await RunMany("postgres", new PostgresScenario(sizes, receiver, work).RunAsync);
await Run("ceiling", scenarios.CeilingAsync);
var ceiling = results.LastOrDefault(r => r.Key == "ceiling")?.Value ?? 0;
await Run("end-to-end", () => scenarios.EndToEndAsync(ceiling));
var endToEnd = results.LastOrDefault(r => r.Key == "end-to-end")?.Value ?? 0;
await Run("ingest-single", scenarios.IngestSingleAsync);
await Run("ingest-batch", scenarios.IngestBatchAsync);
// `--latency-rate 500` measures (4) at a chosen rate instead of half of (2).
var latencyRate = double.TryParse(args.SkipWhile(a => a != "--latency-rate").Skip(1).FirstOrDefault(), out var chosen) ? chosen : endToEnd / 2;
await Run("latency", () => scenarios.LatencyAsync(latencyRate));
await RunMany("latency-half", scenarios.HalfSaturationLatencyAsync);
await Run("ratio", scenarios.CeilingRatioAsync);
await Run("isolation", () => scenarios.IsolationAsync(endToEnd));
await Run("memory", scenarios.MemoryAsync);
await Run("event-logs", new EventLogsScenario(sizes, work).RunAsync);
await Run("dispatch-only", scenarios.DispatchOnlyAsync);
await Run("retry-storm", new RetryStormScenario(sizes, receiver, work).RunAsync);
await Run("encryption", new EncryptionScenario(sizes).RunAsync);

Console.WriteLine();
Console.WriteLine(BenchResult.Table(results));
Directory.CreateDirectory(outDir);
var json = JsonSerializer.Serialize(new { machine = MachineInfo.Describe(), quick, at = DateTimeOffset.UtcNow, results }, new JsonSerializerOptions { WriteIndented = true });
await File.WriteAllTextAsync(Path.Combine(outDir, quick ? "quick.json" : "latest.json"), json);
Console.WriteLine($"Results written to {Path.Combine(outDir, quick ? "quick.json" : "latest.json")}");
try { Directory.Delete(work, true); } catch (IOException) { }
return results.Any(r => r.Unit == "error") ? 1 : 0;
