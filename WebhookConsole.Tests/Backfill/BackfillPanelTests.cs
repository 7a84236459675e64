using Bunit;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WebhookConsole.Backfill;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Backfill;

/// <summary>bUnit: the editor's Backfill tab, on the real backfill service of a running app (deliveries recorded, not sent).</summary>
[Trait("Lane", "Integration")]
public sealed class BackfillPanelTests : BunitContext, IAsyncLifetime
{
    private readonly IngestFactory app = new(fakeTime: false, recordQueue: true);

    public BackfillPanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_ => app.Services.GetRequiredService<BackfillService>());
        Services.AddSingleton(TimeProvider.System);
        AddAuthorization().SetAuthorized("admin@test.local").SetRoles(Roles.Admin);
    }

    public async Task InitializeAsync()
    {
        await app.SeedSourcesAsync();
        var api = app.ApiClient();
        for (var i = 0; i < 3; i++) await app.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"));
        await app.AddIntegrationAsync("int_new", IntegrationKind.Loyalty);
        await app.AddIntegrationAsync("int_off", IntegrationKind.Loyalty, active: false);
        await app.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new", "int_off");
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await app.DisposeAsync();
    }

    private Task<IntegrationDto> SavedAsync(string id) => app.Services.GetRequiredService<IntegrationService>().GetAsync(id);

    [Fact]
    public void An_unsaved_integration_is_asked_to_save_first()
    {
        var panel = Render<BackfillPanel>(p => p.Add(x => x.IsAdmin, true).Add(x => x.Saved, null));
        Assert.NotNull(panel.Find("#backfill-save-first"));
        Assert.Empty(panel.FindAll("#btn-backfill-send"));
    }

    [Fact]
    public async Task An_inactive_integration_cannot_be_backfilled()
    {
        var saved = await SavedAsync("int_off");
        var panel = Render<BackfillPanel>(p => p.Add(x => x.IsAdmin, true).Add(x => x.Saved, saved));
        Assert.Contains("activate it before backfilling", panel.Find("#backfill-inactive").TextContent);
        Assert.True(panel.Find("#btn-backfill-send").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Count_then_send_after_confirming_shows_progress_and_creates_the_deliveries()
    {
        var saved = await SavedAsync("int_new");
        var dialogs = Render<MudDialogProvider>();
        var panel = Render<BackfillPanel>(p => p.Add(x => x.IsAdmin, true).Add(x => x.Saved, saved));
        Assert.Empty(panel.FindAll("#backfill-status")); // never backfilled

        await panel.Find("#btn-backfill-count").ClickAsync(new());
        panel.WaitForAssertion(() => Assert.Contains("3 events would be sent", panel.Find("#backfill-preview").TextContent));

        var send = panel.Find("#btn-backfill-send").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("3 events of the last 24 hours go to", dialogs.Markup));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Send").ClickAsync(new());
        await send;

        // Progress refreshes by itself as the job creates the deliveries (recorded here, so they stay waiting).
        panel.WaitForAssertion(() => Assert.Contains("0 of 3 delivered · 0 failing · 3 waiting", panel.Find("#backfill-progress").TextContent), TimeSpan.FromSeconds(15));
        await using var db = app.NewDb();
        Assert.Equal(3, await db.Deliveries.CountAsync(d => d.Backfill && d.IntegrationId == "int_new"));
    }

    [Fact]
    public async Task While_a_backfill_runs_another_cannot_be_sent()
    {
        // A backfill whose job has not finished (scheduled an hour ahead here), as its request records it.
        var jobId = app.Services.GetRequiredService<Hangfire.IBackgroundJobClient>().Schedule(() => Console.WriteLine("running"), TimeSpan.FromHours(1));
        await using (var db = app.NewDb())
        {
            app.Services.GetRequiredService<WebhookConsole.Audit.AuditLog>().Add(db, "admin@test.local", BackfillService.RequestedAction, IntegrationService.EntityType, "int_new", null,
                new { requestedAt = DateTimeOffset.UtcNow, from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow, count = 3, jobId });
            await db.SaveChangesAsync();
        }
        var saved = await SavedAsync("int_new");
        var panel = Render<BackfillPanel>(p => p.Add(x => x.IsAdmin, true).Add(x => x.Saved, saved));
        panel.WaitForAssertion(() => Assert.Contains("Backfill running", panel.Find("#backfill-status").TextContent));
        Assert.True(panel.Find("#btn-backfill-send").HasAttribute("disabled"));
        Assert.False(panel.Find("#btn-backfill-count").HasAttribute("disabled")); // counting is always allowed
    }
}
