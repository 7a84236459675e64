using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Tests.EventLogs;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Privacy;

/// <summary>An integration that keeps payloads a shorter time than the global retention.</summary>
[Trait("Lane", "Integration")]
public class PayloadRetentionTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("Retention:Days", "30").With("Retention:BatchSize", "2");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task The_retention_job_honours_a_shorter_retention_of_one_integration_only()
    {
        var api = factory.ApiClient();
        var created = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "Short", url = "https://hooks.example/short", kind = "loyalty", payloadRetentionDays = 7 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var shortId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(7, (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/integrations/{shortId}")).GetProperty("payloadRetentionDays").GetInt32());

        var now = DateTimeOffset.UtcNow;
        var shortOld = Enumerable.Range(0, 3).Select(i => DeliverySeed.Delivery(shortId, now.AddDays(-10).AddMinutes(i), DeliveryStatus.Succeeded)).ToList();
        var shortRecent = DeliverySeed.Delivery(shortId, now.AddDays(-2), DeliveryStatus.Failed);
        var otherTenDays = DeliverySeed.Delivery("int_other", now.AddDays(-10), DeliveryStatus.Succeeded);
        await using (var db = factory.NewDb())
        {
            db.Deliveries.AddRange([.. shortOld, shortRecent, otherTenDays]);
            foreach (var d in shortOld.Append(shortRecent).Append(otherTenDays)) db.Attempts.Add(DeliverySeed.Attempt(d, 1, 200));
            await db.SaveChangesAsync();
        }

        var result = await factory.Services.GetRequiredService<RetentionService>().RunOnceAsync();
        Assert.Equal((3, 3), (result.AttemptsDeleted, result.PayloadsRemoved));

        await using var check = factory.NewDb();
        var payloads = await check.Deliveries.ToDictionaryAsync(d => d.Id, d => d.Payload.Length);
        Assert.All(shortOld, d => Assert.Equal(0, payloads[d.Id]));
        Assert.True(payloads[shortRecent.Id] > 0);
        Assert.True(payloads[otherTenDays.Id] > 0); // the global 30 days still apply to everyone else
        Assert.Equal([otherTenDays.Id, shortRecent.Id], (await check.Attempts.Select(a => a.DeliveryId).ToListAsync()).Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    public async Task A_retention_out_of_range_is_refused(int days)
    {
        var response = await factory.ApiClient().PostAsJsonAsync("/api/v1/integrations", new { name = "Bad", url = "https://hooks.example/bad", kind = "loyalty", payloadRetentionDays = days });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("payloadRetentionDays", await response.Content.ReadAsStringAsync());
    }
}
