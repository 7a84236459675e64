using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Sources;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Ingest;

/// <summary>Records what ingest hands to the dispatcher, instead of sending.</summary>
public sealed class RecordingDeliveryQueue : IDeliveryQueue
{
    public ConcurrentQueue<(string DeliveryId, DateTimeOffset? NotBefore)> Enqueued { get; } = new();
    public void Enqueue(string deliveryId, DateTimeOffset? notBefore = null) => Enqueued.Enqueue((deliveryId, notBefore));
}

/// <summary>
/// The app with a fake clock (starting at the real time, so cookies and keys behave) and a recording delivery queue,
/// plus helpers that set up sources, integrations and push rules.
/// </summary>
public class IngestFactory : ConsoleFactory
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public RecordingDeliveryQueue Queue { get; } = new();
    private readonly bool fakeTime, recordQueue;

    /// <param name="fakeTime">Replace the clock with <see cref="Time"/>.</param>
    /// <param name="recordQueue">Replace the dispatcher's queue with <see cref="Queue"/> (nothing is sent).</param>
    public IngestFactory(bool fakeTime = true, bool recordQueue = true) => (this.fakeTime, this.recordQueue) = (fakeTime, recordQueue);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (recordQueue) builder.UseSetting("Delivery:Enabled", "false"); // nothing is claimed or sent behind the recorded queue
        builder.ConfigureServices(services =>
        {
            if (fakeTime) services.AddSingleton<TimeProvider>(Time);
            if (recordQueue) services.AddSingleton<IDeliveryQueue>(Queue);
        });
    }

    /// <summary>Websites web-1 (campaigns cmp-1, cmp-2) and web-2 (cmp-3); programs prg-1 and prg-2.</summary>
    public async Task SeedSourcesAsync()
    {
        await using var db = NewDb();
        db.Websites.AddRange(
            new Website { Id = "web-1", Name = "Sunny Radio", Domain = "sunnyradio.example", Country = "BE" },
            new Website { Id = "web-2", Name = "Daily Gazette", Domain = "gazette.example", Country = "FR" });
        db.Campaigns.AddRange(
            new Campaign { Id = "cmp-1", WebsiteId = "web-1", Name = "Summer quiz", Type = "quiz" },
            new Campaign { Id = "cmp-2", WebsiteId = "web-1", Name = "Concert tickets", Type = "contest" },
            new Campaign { Id = "cmp-3", WebsiteId = "web-2", Name = "Reader survey", Type = "survey" });
        db.Programs.AddRange(
            new LoyaltyProgram { Id = "prg-1", Name = "Gazette Rewards" },
            new LoyaltyProgram { Id = "prg-2", Name = "Radio Club" });
        await db.SaveChangesAsync();
    }

    public async Task<Integration> AddIntegrationAsync(string id, string kind = IntegrationKind.Participation, string? websiteId = null,
        bool active = true, Action<Integration>? configure = null, string? url = null)
    {
        var now = Time.GetUtcNow();
        var integration = new Integration
        {
            Id = id,
            Name = "Integration " + id,
            Url = url ?? $"https://hooks.example/{id}",
            Kind = kind,
            WebsiteId = websiteId,
            Active = active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        configure?.Invoke(integration);
        await using var db = NewDb();
        db.Integrations.Add(integration);
        await db.SaveChangesAsync();
        return integration;
    }

    public async Task<PushRule> AddRuleAsync(string scopeKind, string? scopeId, string[] eventTypes, params string[] destinations)
    {
        var service = Services.GetRequiredService<PushRuleService>();
        return await service.CreateAsync(new PushRuleRequest(new PushRuleScope(scopeKind, scopeId), eventTypes, destinations), "test");
    }

#pragma warning disable CA1822 // called on the factory, beside its other helpers
    public async Task<HttpResponseMessage> PostEventAsync(HttpClient api, object body) => await api.PostAsJsonAsync("/api/v1/events", body);
#pragma warning restore CA1822

    public static object Participation(string type, string participationId, string campaignId = "cmp-1", object? data = null, string? key = null, string? occurredAt = null) => new
    {
        type,
        occurredAt,
        source = new { campaignId },
        data = data ?? new { id = participationId, ip = "203.0.113.7", url = "https://sunnyradio.example/quiz", browser = "Firefox" },
        idempotencyKey = key,
    };

    public static object Loyalty(string type, string memberId = "mem-1", string programId = "prg-1", string? key = null) => new
    {
        type,
        source = new { programId },
        data = new { member = new { id = memberId, email = "member@example.com" }, points = 10 },
        idempotencyKey = key,
    };

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();
}
