using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WebhookConsole.Identity;
using WebhookConsole.Integrations;
using WebhookConsole.Sources;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

/// <summary>The hub grid and the editor rendered with bUnit over the real services and a real SQLite database.</summary>
[Trait("Lane", "Integration")]
public class IntegrationComponentTests : BunitContext, IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private IntegrationService integrations = default!;

    public IntegrationComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync()
    {
        integrations = factory.Services.GetRequiredService<IntegrationService>();
        Services.AddSingleton(integrations);
        Services.AddSingleton(factory.Services.GetRequiredService<SourceService>());
        Services.AddSingleton(factory.Services.GetRequiredService<WebhookConsole.Backfill.BackfillService>());
        HealthTabServices.AddTo(Services, factory);
        Services.AddSingleton(TimeProvider.System);
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await factory.DisposeAsync();
    }

    private IRenderedComponent<TPage> RenderPage<TPage>(string role, Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null) where TPage : IComponent
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(role);
        Services.AddAppPolicies();
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Render(parameters ?? (_ => { }));
    }

    private async Task SeedAsync()
    {
        await integrations.CreateAsync(new IntegrationRequest("Shop CRM", "https://crm.example.com/hooks", IntegrationKind.Participation), "test");
        await integrations.CreateAsync(new IntegrationRequest("Loyalty bus", "http://bus.example.com/in", IntegrationKind.Loyalty, Active: false), "test");
    }

    [Fact]
    public async Task The_hub_lists_every_integration_with_an_active_switch_for_admins()
    {
        await SeedAsync();
        var cut = RenderPage<IntegrationsPage>(Roles.Admin);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#integrations-table tbody tr").Count));

        var rows = cut.FindAll("#integrations-table tbody tr");
        Assert.Contains("Loyalty bus", rows[0].TextContent);
        Assert.Contains("Programs via push rules", rows[0].TextContent);
        Assert.Contains("Shop CRM", rows[1].TextContent);
        Assert.Contains("Account (all websites)", rows[1].TextContent);
        Assert.Contains("No deliveries yet", rows[1].TextContent);
        Assert.Equal(2, cut.FindAll(".active-switch").Count);
        Assert.Empty(cut.FindAll(".active-chip"));
        Assert.NotNull(cut.Find("#set-up-integration"));
        Assert.Contains("2 integrations · 1 active", cut.Find("#integration-count").TextContent);
        Assert.Contains("up to 5 minutes", cut.Find("#cache-notice").TextContent);

        // The switch saves at once.
        cut.FindAll(".active-switch input")[0].Change(true);
        cut.WaitForAssertion(() => Assert.Contains("2 integrations · 2 active", cut.Find("#integration-count").TextContent));
        await using var db = factory.NewDb();
        Assert.True((await db.Integrations.SingleAsync(i => i.Name == "Loyalty bus")).Active);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "integration.activated" && a.Actor == "someone@test.local"));
    }

    [Theory]
    [InlineData(Roles.ProgramManager)]
    [InlineData(Roles.Support)]
    public async Task Other_roles_see_the_rows_but_no_switch_and_no_set_up_button(string role)
    {
        await SeedAsync();
        var cut = RenderPage<IntegrationsPage>(role);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#integrations-table tbody tr").Count));
        Assert.Empty(cut.FindAll(".active-switch"));
        Assert.Equal(["Inactive", "Active"], cut.FindAll(".active-chip").Select(c => c.TextContent.Trim()));
        Assert.Empty(cut.FindAll("#set-up-integration"));
        Assert.NotNull(cut.Find("#read-only-notice"));
    }

    [Fact]
    public void An_empty_hub_says_so_and_offers_to_set_one_up()
    {
        var cut = RenderPage<IntegrationsPage>(Roles.Admin);
        cut.WaitForAssertion(() => Assert.Contains("No integrations yet", cut.Markup));
        Assert.NotNull(cut.Find("#set-up-integration"));
    }

    [Fact]
    public async Task The_editor_offers_the_Poltio_payload_and_takes_the_incomplete_delay_in_seconds()
    {
        var poltio = await integrations.CreateAsync(new IntegrationRequest("Poltio CRM", "https://poltio.example.com/hooks", IntegrationKind.Participation,
            PayloadVersion: "poltio", Options: new IntegrationOptionsRequest(Incomplete: new IncompleteOptionsRequest(true, 90))), "test");
        var cut = RenderPage<IntegrationEditorPage>(Roles.Admin, p => p.Add(x => x.Id, poltio.Id));

        cut.WaitForAssertion(() => Assert.Contains("session_id", cut.Find("#poltio-info").TextContent));
        Assert.Contains("/schemas/poltio.json", cut.Markup);
        Assert.Contains("Adds leads", cut.Markup);
        Assert.Empty(cut.FindAll("#legacy-warning"));
        Assert.Equal("90", cut.Find("#opt-incomplete-delay").GetAttribute("value"));
        Assert.Contains("Incomplete delay after start (seconds)", cut.Markup);
        Assert.Contains("Delay after completion (seconds)", cut.Markup);
    }

    [Fact]
    public async Task The_editor_shows_a_bad_url_inline_and_does_not_save()
    {
        var cut = RenderPage<IntegrationEditorPage>(Roles.Admin);
        cut.WaitForAssertion(() => cut.Find("#field-name"));
        cut.Find("#field-name").Input("Shop CRM");
        cut.Find("#field-url").Input("crm.example.com/hooks");
        cut.Find("#btn-save").Click();

        cut.WaitForAssertion(() => Assert.Contains("URL must be an absolute http:// or https:// address", cut.Markup));
        Assert.Contains("Endpoint URL", cut.Find("#error-summary").TextContent);
        Assert.DoesNotContain("Name is required", cut.Markup);
        await using (var db = factory.NewDb()) Assert.False(await db.Integrations.AnyAsync());

        // Fixing the field clears the message as you type; plain http is then only a warning.
        cut.Find("#field-url").Input("http://crm.example.com/hooks");
        cut.WaitForAssertion(() => Assert.DoesNotContain("URL must be an absolute", cut.Markup));
        Assert.Contains("Use HTTPS", cut.Find("#http-warning").TextContent);
        Assert.Empty(cut.FindAll("#error-summary"));
    }

    [Fact]
    public async Task The_editor_reports_the_database_rules_inline()
    {
        await SeedAsync();
        var cut = RenderPage<IntegrationEditorPage>(Roles.Admin);
        cut.WaitForAssertion(() => cut.Find("#field-name"));
        cut.Find("#field-name").Input("shop crm");
        cut.Find("#field-url").Input("https://other.example.com/hooks");
        cut.Find("#btn-save").Click();
        cut.WaitForAssertion(() => Assert.Contains("Name 'shop crm' is already used", cut.Markup));
        Assert.Contains("'Shop CRM' already does", cut.Markup); // one participation integration per account
        await using var db = factory.NewDb();
        Assert.Equal(2, await db.Integrations.CountAsync());
    }

    [Fact]
    public async Task A_typed_secret_that_is_too_short_blocks_saving()
    {
        var cut = RenderPage<IntegrationEditorPage>(Roles.Admin);
        cut.WaitForAssertion(() => cut.Find("#field-name"));
        cut.Find("#field-name").Input("Typed");
        cut.Find("#field-url").Input("https://typed.example.com/hooks");
        cut.Find("#secret-mode-type").Click();
        cut.WaitForAssertion(() => cut.Find("#field-typed-secret"));
        cut.Find("#field-typed-secret").Input("short");
        cut.Find("#btn-save").Click();
        cut.WaitForAssertion(() => Assert.Contains("at least 16 characters", cut.Markup));
        await using var db = factory.NewDb();
        Assert.False(await db.Integrations.AnyAsync());
    }

    [Fact]
    public async Task The_editor_is_read_only_for_a_program_manager()
    {
        await SeedAsync();
        var id = (await integrations.ListAsync()).Single(i => i.Name == "Shop CRM").Id;
        var cut = RenderPage<IntegrationEditorPage>(Roles.ProgramManager, p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#read-only-notice")));
        Assert.Empty(cut.FindAll("#btn-save"));
        Assert.Empty(cut.FindAll("#btn-reveal-secret"));
        Assert.Empty(cut.FindAll("#btn-send-test"));
        Assert.Contains("on (secret hidden)", cut.Find("#signing-state").TextContent);
        Assert.True(cut.Find("#field-name").HasAttribute("readonly"));
    }

    private async Task<string> StoredUrlAsync(string id)
    {
        await using var db = factory.NewDb();
        return (await db.Integrations.SingleAsync(i => i.Id == id)).Url;
    }

    [Fact]
    public async Task The_stale_editor_shows_the_conflict_and_saves_nothing_until_told_to_overwrite()
    {
        var created = await integrations.CreateAsync(new IntegrationRequest("CRM", "https://crm.example.com/a", IntegrationKind.Participation), "test");
        AddAuthorization().SetAuthorized("admin@test.local").SetRoles(Roles.Admin);
        Services.AddAppPolicies();
        Render<MudPopoverProvider>();
        var snackbar = Render<MudSnackbarProvider>();
        var tabA = Render<IntegrationEditorPage>(p => p.Add(x => x.Id, created.Id));
        var tabB = Render<IntegrationEditorPage>(p => p.Add(x => x.Id, created.Id));
        tabA.WaitForAssertion(() => tabA.Find("#field-url"));
        tabB.WaitForAssertion(() => tabB.Find("#field-url"));

        tabA.Find("#field-url").Input("https://crm.example.com/from-a");
        tabA.Find("#btn-save").Click();
        tabA.WaitForAssertion(() => Assert.Contains("Saved", snackbar.Markup));
        Assert.Equal("https://crm.example.com/from-a", await StoredUrlAsync(created.Id));

        tabB.Find("#field-url").Input("https://crm.example.com/from-b");
        tabB.Find("#btn-save").Click();
        tabB.WaitForAssertion(() => Assert.Contains("Changed since you opened it", tabB.Find("#stale-edit").TextContent));
        Assert.Equal("https://crm.example.com/from-a", await StoredUrlAsync(created.Id));

        // Reload shows the other tab's version; the stale edit is dropped.
        tabB.Find("#btn-stale-reload").Click();
        tabB.WaitForAssertion(() => Assert.Equal("https://crm.example.com/from-a", tabB.Find("#field-url").GetAttribute("value")));
        Assert.Empty(tabB.FindAll("#stale-edit"));

        // Tab A is stale now; it overwrites on purpose.
        tabA.Find("#field-url").Input("https://crm.example.com/again-a");
        await integrations.SetActiveAsync(created.Id, false, "someone else");
        tabA.Find("#btn-save").Click();
        tabA.WaitForAssertion(() => tabA.Find("#stale-edit"));
        Assert.Equal("https://crm.example.com/from-a", await StoredUrlAsync(created.Id));
        tabA.Find("#btn-stale-overwrite").Click();
        tabA.WaitForAssertion(() => Assert.Empty(tabA.FindAll("#stale-edit")));
        Assert.Equal("https://crm.example.com/again-a", await StoredUrlAsync(created.Id));
    }
}
