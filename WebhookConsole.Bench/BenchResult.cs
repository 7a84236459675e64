using System.Globalization;
using System.Text;

namespace WebhookConsole.Bench;

public sealed record BenchResult(string Key, string Name, double Value, string Unit, string Target, bool Met, string? Note = null)
{
    public static string Table(IEnumerable<BenchResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| # | measure | result | target | |");
        sb.AppendLine("|---|---|---|---|---|");
        var i = 1;
        foreach (var r in results)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {i++} | {r.Name} | {(r.Unit == "error" ? "error" : $"{r.Value:N1} {r.Unit}")} | {r.Target} | {(r.Met ? "met" : "**missed**")}{(r.Note is null ? "" : " — " + r.Note)} |");
        return sb.ToString();
    }
}

/// <param name="CpuUnits">Requests per CPU measurement (<see cref="CpuScenario"/>); <paramref name="CpuDeliveries"/> deliveries for its end-to-end one.</param>
/// <param name="StormSeconds">How long the retry storm posts <see cref="StormRate"/> failing deliveries a second.</param>
public sealed record Sizes(int CeilingRequests, int EndToEndEvents, int IngestSingle, int IngestBatches, int LatencyEvents, int IsolationEvents, int MemoryDeliveries, int LogDeliveries,
    int StormSeconds = 600, int StormRate = 1000, int CpuUnits = 5_000, int CpuDeliveries = 20_000)
{
    public static readonly Sizes Quick = new(300, 300, 200, 2, 100, 300, 2_000, 10_000, StormSeconds: 3, StormRate: 100, CpuUnits: 200, CpuDeliveries: 1_000);
    public static readonly Sizes Full = new(30_000, 30_000, 10_000, 20, 6_000, 30_000, 100_000, 1_000_000);
}

public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
        var memKiB = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
            : 0;
        return $"{Environment.ProcessorCount} cores, {cpu}, {memKiB / 1024 / 1024} GiB, .NET {Environment.Version}";
    }
}
