using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebhookConsole.Identity;
using WebhookConsole.Integrations;
using WebhookConsole.MappingVariables;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.PushRules;

[Trait("Lane", "Browser")]
[Collection(BrowserCollection.Name)]
public class PushRulesBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string PmEmail = "pm@test.local";
    private const string PmPassword = "Program-Manager-1";
    private readonly IngestFactory factory = new(fakeTime: false);
    private string baseUrl = "";

    public async Task InitializeAsync()
    {
        baseUrl = factory.StartKestrel();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_loy", IntegrationKind.Loyalty, configure: i => i.Name = "Rewards CRM");
        await factory.AddIntegrationAsync("int_mail", IntegrationKind.Loyalty, configure: i => i.Name = "Mailing tool");
        await factory.AddIntegrationAsync("int_off", IntegrationKind.Loyalty, active: false, configure: i => i.Name = "Old warehouse");
        await factory.AddIntegrationAsync("int_hook", configure: i => i.Name = "Participation webhook");
        await factory.AddIntegrationAsync("int_radio", websiteId: "web-1", configure: i => { i.Name = "Sunny Radio CRM"; i.IncompleteSend = true; });
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAdminService>().CreateAsync(new NewUser(PmEmail, PmPassword, [Roles.ProgramManager]), "test");
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_program_manager_routes_loyalty_events_and_the_next_event_gets_a_delivery()
    {
        var page = await browser.NewPageAsync(baseUrl);
        await page.SignInAsync(PmEmail, PmPassword);
        await Assertions.Expect(page.Locator(".mud-navmenu a[href='/push-rules']")).ToBeVisibleAsync();
        await page.GotoAsync("/push-rules");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Push rules");
        await InteractiveAsync(page);

        await page.Locator("#scope-program-prg-1").ClickAsync();
        await Assertions.Expect(page.Locator("#scope-title")).ToHaveTextAsync("Gazette Rewards");
        await Assertions.Expect(page.Locator("#no-rules")).ToBeVisibleAsync();

        await page.Locator("#add-rule").ClickAsync();
        await page.Locator("#rule-0").GetByText("Points earned").ClickAsync();
        await page.Locator("#rule-0").GetByText("Level changed").ClickAsync();
        await page.Locator(".rule-0-destinations").ClickAsync();
        var options = page.Locator(".mud-popover-open .mud-list-item");
        // Only loyalty integrations are offered for a program; the inactive one says so.
        await Assertions.Expect(options).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToContainTextAsync("inactive");
        await options.Filter(new() { HasText = "Rewards CRM" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#unsaved")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#effective-routing tr[data-type='loyalty.points_earned']")).ToContainTextAsync("Rewards CRM");
        await page.ScreenshotAsync("push-rules-program-editing");

        await page.Locator("#save-rules").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Saved 1 rule for Gazette Rewards");
        await Assertions.Expect(page.Locator("#unsaved")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#scope-program-prg-1")).ToContainTextAsync("1 rule");

        await using (var db = factory.NewDb())
        {
            var rule = await db.PushRules.SingleAsync();
            Assert.Equal(("program", "prg-1"), (rule.ScopeKind, rule.ScopeId));
            Assert.Equal(["loyalty.level_changed", "loyalty.points_earned"], rule.EventTypes);
            Assert.Equal(["int_loy"], rule.Destinations);
            Assert.Equal(PmEmail, (await db.AuditEntries.SingleAsync(a => a.EntityId == rule.Id)).Actor);
        }

        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", ConsoleFactory.AdminApiKey);
        var response = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Loyalty("loyalty.points_earned", "mem-42"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await IngestFactory.JsonAsync(response);
        Assert.Equal("int_loy", Assert.Single(accepted.GetProperty("deliveries").EnumerateArray()).GetProperty("integrationId").GetString());
        await using (var db = factory.NewDb())
        {
            var delivery = await db.Deliveries.SingleAsync();
            Assert.Equal(("int_loy", "mem-42"), (delivery.IntegrationId, delivery.SubjectId));
        }

        // The preview explains the same decision for the event just received.
        await page.ReloadAsync();
        await InteractiveAsync(page);
        await page.Locator("#scope-program-prg-1").ClickAsync();
        await page.Locator(".preview-recent").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
        await Assertions.Expect(page.Locator("#preview-targets")).ToContainTextAsync("Rewards CRM");
        await page.Locator("#preview-targets").GetByText("Payload").ClickAsync();
        await Assertions.Expect(page.Locator(".preview-payload")).ToContainTextAsync("mem-42");
        await page.Locator("#preview-summary").EvaluateAsync("e => e.scrollIntoView()");
        await page.ScreenshotAsync("push-rules-preview");
    }

    [Fact]
    public async Task A_campaign_shows_what_it_inherits_and_an_override_to_nowhere()
    {
        await factory.AddRuleAsync("account", null, ["participation.completed"], "int_hook");
        await factory.AddRuleAsync("website", "web-1", ["participation.completed", "participation.started"], "int_radio");
        var page = await browser.NewPageAsync(baseUrl);
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        await page.GotoAsync("/push-rules?scope=campaign:cmp-2");
        await InteractiveAsync(page);

        await Assertions.Expect(page.Locator("#scope-title")).ToHaveTextAsync("Concert tickets");
        await Assertions.Expect(page.Locator("#scope-campaign-cmp-2")).ToContainTextAsync("Inherits from website");
        await Assertions.Expect(page.Locator("#scope-campaign-cmp-3")).ToContainTextAsync("Inherits from account");
        var completed = page.Locator("#effective-routing tr[data-type='participation.completed']");
        await Assertions.Expect(completed).ToContainTextAsync("Inherited from website Sunny Radio");
        await Assertions.Expect(completed).ToContainTextAsync("Sunny Radio CRM");
        await page.ScreenshotAsync("push-rules-campaign-inherits");

        // Override: this campaign sends completions nowhere.
        await page.Locator("#add-rule").ClickAsync();
        await page.Locator("#rule-0").GetByText("Participation completed").ClickAsync();
        await Assertions.Expect(completed).ToContainTextAsync("This campaign");
        await Assertions.Expect(completed).ToContainTextAsync("Nowhere");
        await page.Locator("#preview-example").ClickAsync();
        await page.Locator("#preview-run").ClickAsync();
        await Assertions.Expect(page.Locator("#preview-outcome")).ToContainTextAsync("no destination");

        // An empty row is refused in the page, with the same message the API gives.
        await page.Locator("#add-rule").ClickAsync();
        await page.Locator("#save-rules").ClickAsync();
        await Assertions.Expect(page.Locator("#rule-1 + tr.rule-errors")).ToContainTextAsync("Pick at least one event type.");
        await page.ScreenshotAsync("push-rules-row-error");
        await using (var db = factory.NewDb()) Assert.Equal(2, await db.PushRules.CountAsync());

        await page.Locator("#rule-1 .remove-rule").ClickAsync();
        await page.Locator("#save-rules").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Saved 1 rule for Concert tickets");
        await using (var db = factory.NewDb())
            Assert.Empty((await db.PushRules.SingleAsync(r => r.ScopeKind == "campaign")).Destinations);
    }

    [Fact]
    public async Task An_admin_manages_mapping_variables_with_the_api_rules()
    {
        var page = await browser.NewPageAsync(baseUrl);
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        await page.GotoAsync("/mapping-variables");
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator(".empty-state")).ToBeVisibleAsync();
        await page.ScreenshotAsync("mapping-variables-empty");

        await page.Locator("#add-variable").ClickAsync();
        await page.Locator("#field-name").FillAsync("Favourite Colour");
        await page.Locator("#field-label").FillAsync("Favourite colour");
        await page.Locator("#field-source").FillAsync("q1");
        await page.Locator("#dialog-save").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("only lowercase letters, digits and _");
        await page.ScreenshotAsync("mapping-variables-dialog-error");
        await page.Locator("#field-name").FillAsync("favourite_colour");
        await page.Locator("#dialog-save").ClickAsync();
        await Assertions.Expect(page.Locator("#variables-table")).ToContainTextAsync("favourite_colour");

        await page.Locator("#add-variable").ClickAsync();
        await page.Locator("#field-name").FillAsync("newsletter");
        await page.Locator("#field-label").FillAsync("Newsletter opt-in");
        await page.Locator(".field-type").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "An opt-in" }).ClickAsync();
        // The choice has reached the circuit once the source field is relabelled; on a loaded machine that can take a moment.
        await Assertions.Expect(page.Locator(".mud-dialog label", new() { HasText = "Opt-in id" })).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await page.Locator("#field-source").FillAsync("optin-newsletter");
        await page.Locator("#dialog-save").ClickAsync();
        await Assertions.Expect(page.Locator("#variables-table")).ToContainTextAsync("optin-newsletter");
        await page.ScreenshotAsync("mapping-variables");

        await page.Locator("#add-variable").ClickAsync();
        await page.Locator("#field-name").FillAsync("newsletter");
        await page.Locator("#field-label").FillAsync("Again");
        await page.Locator("#field-source").FillAsync("q2");
        await page.Locator("#dialog-save").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("already exists");

        await using var db = factory.NewDb();
        var variables = await db.MappingVariables.OrderBy(v => v.Name).ToListAsync();
        Assert.Equal(["favourite_colour", "newsletter"], variables.Select(v => v.Name));
        Assert.Equal(MappingVariableTypes.Optin, variables[1].Type);
    }

    /// <summary>Pages are prerendered: clicks only work once the interactive circuit has rendered them again.</summary>
    private static Task InteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-interactive='true']")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
}
