using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WebhookConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WebhookConsole.Tests.Ingest;

/// <summary>
/// The probe's case on the real process: 16 concurrent 31 MiB batches (each 1000 events dense with JSON tokens, the
/// costliest to parse) from a key, and 16 more without one, took RSS to 2 GB. Peak RSS must stay under 1 GiB.
/// </summary>
[Trait("Lane", "Process")]
public class LargeBodyMemoryTests(ITestOutputHelper output)
{
    private const long OneGiB = 1024L * 1024 * 1024;

    [Fact]
    public async Task Concurrent_31_MiB_batches_keep_peak_RSS_under_1_GiB()
    {
        if (!File.Exists("/proc/self/status")) return; // VmHWM is Linux's peak RSS
        var database = Path.Combine(Path.GetTempPath(), $"wc-mem-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = await AppProcess.StartAsync(database);
            var body = Batch(31 * 1024 * 1024);
            using var api = app.ApiClient();
            api.Timeout = TimeSpan.FromMinutes(3);
            using var anonymous = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(3) };

            var statuses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
            {
                using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                using var response = await (i % 2 == 0 ? api : anonymous).PostAsync("/api/v1/events/batch", content);
                return (Keyed: i % 2 == 0, response.StatusCode);
            }));

            // Keyed batches were read and refused for their unknown program, or told to come back; anonymous ones got 401.
            Assert.All(statuses.Where(s => s.Keyed), s => Assert.Contains(s.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.ServiceUnavailable }));
            Assert.Contains(statuses, s => s.Keyed && s.StatusCode == HttpStatusCode.BadRequest);
            Assert.All(statuses.Where(s => !s.Keyed), s => Assert.Equal(HttpStatusCode.Unauthorized, s.StatusCode));
            var peak = PeakRss(app.Id);
            output.WriteLine($"peak RSS {peak / (1024 * 1024)} MiB; answers: {string.Join(", ", statuses.GroupBy(s => s.StatusCode).Select(g => $"{g.Count()}× {(int)g.Key}"))}");
            Assert.True(peak < OneGiB, $"peak RSS {peak / (1024 * 1024)} MiB");
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", ".key" }) File.Delete(database + suffix);
        }
    }

    /// <summary>1000 events of an unknown program, each an array of small numbers: about one JSON token per two bytes.</summary>
    private static byte[] Batch(int bytes)
    {
        var perEvent = bytes / 1000;
        var items = string.Join(",", Enumerable.Repeat("0", (perEvent - 120) / 2));
        var one = """{"type":"loyalty.points_earned","source":{"programId":"prg-unknown"},"data":{"member":{"id":"m-1"},"items":[""" + items + "]}}";
        var builder = new StringBuilder(bytes + 64).Append("{\"events\":[");
        for (var i = 0; i < 1000; i++) builder.Append(i == 0 ? "" : ",").Append(one);
        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }

    private static long PeakRss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
