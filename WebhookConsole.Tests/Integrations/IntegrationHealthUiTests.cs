using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;
using WebhookConsole.Integrations;
using WebhookConsole.Integrations.Health;
using WebhookConsole.Notifications;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

/// <summary>The Health tab, the hub's health dots and the bell, rendered with bUnit over the real services and database.</summary>
[Trait("Lane", "Integration")]
public sealed class IntegrationHealthUiTests : BunitContext, IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("Delivery:Enabled", "false")
        .With("Integrations:BlockAfter", "1.00:00:00").With("Integrations:BlockMinFailures", "2");

    public IntegrationHealthUiTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync()
    {
        Services.AddSingleton(factory.Services.GetRequiredService<IntegrationService>());
        Services.AddSingleton(factory.Services.GetRequiredService<OperationalNotifier>());
        Services.AddSingleton(TimeProvider.System);
        HealthTabServices.AddTo(Services, factory);
        AddAuthorization().SetAuthorized("admin@test.local").SetRoles(Roles.Admin);
        Services.AddAppPolicies();
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task A_blocked_integration_shows_red_in_the_hub_and_the_health_tab_unblocks_it_and_offers_the_replay()
    {
        var failing = await factory.AddIntegrationAsync("https://hooks.example/failing");
        var healthy = await factory.AddIntegrationAsync("https://hooks.example/healthy");
        var now = DateTimeOffset.UtcNow;
        await factory.AddAttemptsAsync(failing.Id, (now.AddDays(-2), 500, 100), (now.AddHours(-20), 503, 200), (now.AddHours(-1), null, 15000));
        await factory.AddAttemptsAsync(healthy.Id, (now.AddMinutes(-3), 200, 42));
        Assert.Equal([failing.Id], await factory.Services.GetRequiredService<IntegrationBlocker>().RunAsync());
        await using (var db = factory.NewDb())
        {
            // One event arrived while blocked and was kept.
            var kept = await db.Deliveries.FirstAsync(d => d.IntegrationId == failing.Id);
            db.Deliveries.Add(Delivery.FromRow(new DeliveryRow
            {
                Id = Ids.New("dlv"),
                EventId = kept.EventId,
                EventType = kept.EventType,
                IntegrationId = failing.Id,
                Status = DeliveryStatus.Skipped,
                LastError = DeliveryLifecycle.BlockedReason,
                CreatedAt = now,
                UpdatedAt = now,
                MessageId = Ids.New("msg"),
                Payload = kept.Payload,
            }));
            await db.SaveChangesAsync();
        }

        var hub = Render<IntegrationsPage>();
        hub.WaitForAssertion(() => Assert.Equal(2, hub.FindAll(".health-dot").Count));
        Assert.Equal("health-dot health-bad", hub.Find($".health-dot[data-state='blocked']").ClassName);
        Assert.Single(hub.FindAll(".blocked-chip"));
        Assert.Single(hub.FindAll(".health-dot.health-ok"));

        var tab = Render<IntegrationHealthTab>(p => p.Add(t => t.IntegrationId, failing.Id).Add(t => t.IsAdmin, true).Add(t => t.Actor, "admin@test.local"));
        tab.WaitForAssertion(() => Assert.Contains("Blocked", tab.Find("#blocked-alert").TextContent));
        Assert.Equal("2", tab.Find("#kpi-attempts .stat-value").TextContent.Trim());
        Assert.Equal("0.0 %", tab.Find("#kpi-success-rate .dash-kpi").TextContent.Trim());
        Assert.Equal(3, tab.FindAll("#recent-attempts tbody tr.attempt-failed").Count);

        await tab.Find("#btn-unblock").ClickAsync(new());
        tab.WaitForAssertion(() => Assert.Contains("1 delivery was skipped", tab.Find("#replay-offer").TextContent));
        Assert.Empty(tab.FindAll("#blocked-alert"));
        await tab.Find("#btn-replay-skipped").ClickAsync(new());
        await using (var db = factory.NewDb())
        {
            Assert.Equal(IntegrationStates.Active, IntegrationStates.Of(await db.Integrations.SingleAsync(i => i.Id == failing.Id)));
            Assert.Equal(1, await db.Deliveries.CountAsync(d => d.IntegrationId == failing.Id && d.ReplayOf != null));
        }

        var bell = Render<NotificationBell>();
        Assert.Equal("2", bell.Find("#ops-bell-badge .mud-badge").TextContent.Trim()); // blocked, then recovered
    }
}
