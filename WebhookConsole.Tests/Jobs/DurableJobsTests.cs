using System.Net.Http.Json;
using System.Text.Json;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Jobs;

/// <summary>Hangfire on its SQLite store beside the database: recurring jobs and a scheduled bulk replay outlive the process.</summary>
[Trait("Lane", "Process")]
public class DurableJobsTests
{
    [Fact]
    public async Task Recurring_jobs_and_a_scheduled_bulk_replay_survive_a_restart()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"wc-jobs-{Guid.NewGuid():N}.db");
        var jobsPath = Path.Combine(Path.GetTempPath(), Path.GetFileNameWithoutExtension(dbPath) + "-hangfire.db");
        await using var receiver = await TestReceiver.StartAsync();
        string jobId;
        DateTimeOffset startAt;
        try
        {
            await using (var first = await AppProcess.StartAsync(dbPath))
            {
                using var api = first.ApiClient();
                var integrationId = await AppProcess.SetUpLoyaltyRouteAsync(api, "prg-jobs", receiver.Url);
                using (await api.PatchAsJsonAsync($"/api/v1/integrations/{integrationId}", new { active = false })) { }
                await AppProcess.PostOkAsync(api, "/api/v1/events", new
                {
                    type = "loyalty.points_earned",
                    source = new { programId = "prg-jobs" },
                    data = new { member = new { id = "mbr-jobs" }, points = 5 },
                });
                using (await api.PatchAsJsonAsync($"/api/v1/integrations/{integrationId}", new { active = true })) { }

                startAt = DateTimeOffset.UtcNow.AddSeconds(8);
                var scheduled = await AppProcess.PostOkAsync(api, "/api/v1/deliveries/replay", new { status = "skipped", integrationId, startAt });
                Assert.Equal(1, scheduled.GetProperty("count").GetInt32());
                jobId = scheduled.GetProperty("jobId").GetString()!;
                first.Terminate();
                await first.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(40)).Token);
            }
            Assert.Empty(receiver.Requests); // nothing ran before the restart
            Assert.True(File.Exists(jobsPath), "the job store lives beside the database");

            await using (await AppProcess.StartAsync(dbPath))
            {
                var request = (await receiver.WaitForAsync(1, TimeSpan.FromSeconds(40)))[0];
                Assert.True(request.At >= startAt.AddMilliseconds(-500), $"replayed at {request.At:O}, before its start {startAt:O}");
                Assert.Equal("mbr-jobs", JsonDocument.Parse(request.Body).RootElement[0].GetProperty("member").GetProperty("id").GetString());

                using var storage = new SQLiteStorage(jobsPath, new SQLiteStorageOptions());
                using var connection = storage.GetConnection();
                var recurring = connection.GetRecurringJobs().Select(j => j.Id).ToList();
                Assert.Contains("reconcile-deliveries", recurring);
                Assert.Contains("event-logs-retention", recurring);
                var history = storage.GetMonitoringApi().JobDetails(jobId).History.Select(h => h.StateName).ToList();
                Assert.Contains("Scheduled", history);
                Assert.Contains("Succeeded", history);
            }
        }
        finally
        {
            AppProcess.DeleteDatabase(dbPath);
        }
    }
}
