using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>kill -9 of the real process while events stream in: every 202 still ends delivered or visibly failed.</summary>
[Trait("Lane", "Process")]
public class CrashSafetyTests
{
    [Fact]
    public async Task Nothing_acknowledged_is_lost_across_a_kill_9_and_restart()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"wc-crash-{Guid.NewGuid():N}.db");
        await using var receiver = await TestReceiver.StartAsync();
        // Slow the receiver a little so attempts are in flight at the kill.
        receiver.Respond = async (_, ctx) => { await Task.Delay(5); ctx.Response.StatusCode = 200; };
        var accepted = new ConcurrentBag<string>();

        // A short lease: the killed process's claims lapse and the restarted one takes them over within it.
        string[] settings = ["--Delivery:LeaseDuration=00:00:20"];
        await using (var first = await AppProcess.StartAsync(dbPath, settings))
        {
            using var api = first.ApiClient();
            await AppProcess.SetUpLoyaltyRouteAsync(api, "prg-crash", receiver.Url);

            using var stop = new CancellationTokenSource();
            var streams = Enumerable.Range(0, 6).Select(stream => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        if (stream % 3 == 0)
                        {
                            var events = Enumerable.Range(0, 50).Select(i => Event($"{stream}-{n}-{i}")).ToArray();
                            using var response = await api.PostAsJsonAsync("/api/v1/events/batch", new { events });
                            if (response.StatusCode == HttpStatusCode.Accepted)
                                foreach (var id in (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray())
                                    accepted.Add(id.GetString()!);
                        }
                        else
                        {
                            using var response = await api.PostAsJsonAsync("/api/v1/events", Event($"{stream}-{n}"));
                            if (response.StatusCode == HttpStatusCode.Accepted)
                                accepted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
                        }
                    }
                    catch (Exception)
                    {
                        // The process is gone mid-request: that event was never acknowledged.
                        if (stop.IsCancellationRequested) return;
                        await Task.Delay(10);
                    }
                }
            })).ToArray();

            // Killed mid-stream once traffic is flowing both ways (events acknowledged, deliveries reaching the receiver),
            // however fast or slow this machine is today.
            await Eventually.TrueAsync(() => accepted.Count >= 300 && receiver.Requests.Count >= 50, "traffic was flowing before the kill", TimeSpan.FromSeconds(60));
            first.KillHard();
            stop.Cancel();
            await Task.WhenAll(streams);
        }

        Assert.True(accepted.Count > 100, $"only {accepted.Count} events were acknowledged before the kill");
        var before = receiver.Requests.Count;

        await using (await AppProcess.StartAsync(dbPath, settings))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            Dictionary<string, string> byEvent;
            while (true)
            {
                byEvent = await DeliveryStatusByEvent(dbPath);
                var open = byEvent.Values.Count(s => s is not ("succeeded" or "failed"));
                if (open == 0 && byEvent.Count >= accepted.Distinct().Count()) break;
                Assert.True(DateTime.UtcNow < deadline, $"{open} deliveries still open after restart");
                await Task.Delay(250);
            }

            var missing = accepted.Distinct().Where(id => !byEvent.ContainsKey(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged events have no delivery, e.g. {missing.FirstOrDefault()}");
            var delivered = accepted.Distinct().Count(id => byEvent[id] == "succeeded");
            var failed = accepted.Distinct().Count(id => byEvent[id] == "failed");
            Assert.Equal(accepted.Distinct().Count(), delivered + failed);

            // Every succeeded delivery really reached the receiver (it dedupes on webhook-id; duplicates are allowed only for in-flight work).
            var receivedEventIds = receiver.Requests
                .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!))
                .ToHashSet();
            var notReceived = accepted.Distinct().Where(id => byEvent[id] == "succeeded" && !receivedEventIds.Contains(id)).ToList();
            Assert.True(notReceived.Count == 0, $"{notReceived.Count} succeeded deliveries never reached the receiver");
            Assert.True(receiver.Requests.Count >= before);
        }
        AppProcess.DeleteDatabase(dbPath);
    }

    private static object Event(string n) => new
    {
        type = "loyalty.points_earned",
        source = new { programId = "prg-crash" },
        data = new { member = new { id = "mbr-" + n }, points = 5 },
    };



    private static async Task<Dictionary<string, string>> DeliveryStatusByEvent(string dbPath)
    {
        await using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EventId, Status FROM Deliveries";
        var result = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // Replays aside, one delivery per event here; keep the least finished status if there are several.
            var (eventId, status) = (reader.GetString(0), reader.GetString(1));
            if (!result.TryGetValue(eventId, out var existing) || existing == "succeeded") result[eventId] = status;
        }
        return result;
    }
}
