using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;
using WebhookConsole.EventLogs;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Privacy;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Privacy;

/// <summary>Personal fields per role in the deliveries API and the CSV export, and an Admin's audited reveal.</summary>
[Trait("Lane", "Integration")]
public class MaskingApiTests : IAsyncLifetime
{
    private const string Email = "jane.doe@example.com";
    private readonly IngestFactory factory = new(fakeTime: false, recordQueue: true);
    private HttpClient admin = default!;
    private string deliveryId = default!;

    public async Task InitializeAsync()
    {
        admin = factory.ApiClient();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_p", configure: i => i.SendLeads = true);
        await factory.AddRuleAsync("account", null, [EventTypes.ParticipationCompleted], "int_p");
        var posted = await factory.PostEventAsync(admin, IngestFactory.Participation(EventTypes.ParticipationCompleted, "p-jane", data: new
        {
            id = "p-jane",
            ip = "203.0.113.7",
            form = new object[] { new { id = "email", label = "E-mail", value = Email }, new { id = "firstname", label = "First name", value = "Janette" } },
            optins = new[] { new { id = "news", label = "Newsletter", value = true } },
        }));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await using var db = factory.NewDb();
        deliveryId = (await db.Deliveries.SingleAsync()).Id;
        // A receiver that echoed the address in its error.
        await db.Deliveries.ExecuteUpdateAsync(u => u.SetProperty(d => d.LastError, $"HTTP 422: {Email} is not subscribed"));
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData(Roles.Support)]
    [InlineData(Roles.ProgramManager)]
    public async Task Support_and_program_managers_see_personal_fields_masked(string role)
    {
        var client = factory.ApiClient(await factory.CreateApiKeyAsync(role));
        var detail = await client.GetStringAsync($"/api/v1/deliveries/{deliveryId}");
        foreach (var clear in new[] { Email, "Janette", "203.0.113.7" })
            Assert.DoesNotContain(clear, detail);
        Assert.Contains("j•••@example.com", detail);
        Assert.Contains("\"subjectId\":\"p-jane\"", detail); // ids stay searchable and readable

        var list = await client.GetStringAsync("/api/v1/deliveries?search=p-jane");
        Assert.DoesNotContain(Email, list);
        Assert.Contains("is not subscribed", list);

        var csv = await client.GetStringAsync("/api/v1/deliveries/export.csv");
        Assert.DoesNotContain(Email, csv);
        Assert.Contains("j•••@example.com is not subscribed", csv);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/v1/deliveries/{deliveryId}/reveal", null)).StatusCode);
        await using var db = factory.NewDb();
        Assert.Empty(await db.AuditEntries.Where(a => a.Action == DeliveryReveals.Action).ToListAsync());
    }

    [Fact]
    public async Task Admins_see_them_and_a_reveal_is_audited()
    {
        Assert.Contains(Email, await admin.GetStringAsync($"/api/v1/deliveries/{deliveryId}"));
        Assert.Contains(Email, await admin.GetStringAsync("/api/v1/deliveries/export.csv"));

        var revealed = await admin.PostAsync($"/api/v1/deliveries/{deliveryId}/reveal", null);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var payload = (await IngestFactory.JsonAsync(revealed)).GetProperty("payload").GetRawText();
        Assert.Contains(Email, payload);
        Assert.Contains("Janette", payload);
        await using var db = factory.NewDb();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == DeliveryReveals.Action);
        Assert.Equal((deliveryId, "apikey:"), (entry.EntityId, entry.Actor[..7]));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/deliveries/dlv_missing/reveal", null)).StatusCode);
    }

    [Fact]
    public async Task A_path_an_admin_adds_is_masked_too()
    {
        var support = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Support));
        Assert.Contains("Summer quiz", await support.GetStringAsync($"/api/v1/deliveries/{deliveryId}"));
        var paths = factory.Services.GetRequiredService<MaskedPathService>();
        await paths.AddAsync("campaign.name", "test");
        await Assert.ThrowsAsync<ValidationException>(() => paths.AddAsync(" campaign.name", "test"));
        await Assert.ThrowsAsync<ValidationException>(() => paths.AddAsync("a..b", "test"));

        var detail = await support.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{deliveryId}");
        Assert.Equal("S•••", detail.GetProperty("payload").GetProperty("campaign").GetProperty("name").GetString());
        await using var db = factory.NewDb();
        Assert.Single(await db.MaskedPaths.ToListAsync());
    }
}
