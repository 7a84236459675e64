using System.Text.Json;
using Bunit;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Inspector;
using WebhookConsole.Privacy;

namespace WebhookConsole.Tests.Privacy;

/// <summary>bUnit: a delivery's detail as Support sees it (masked) and the Reveal bar, offered to Admins only.</summary>
[Trait("Lane", "Component")]
public class MaskedDetailComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public MaskedDetailComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    /// <summary>The redactor the app registers, resolved the way the app resolves it.</summary>
    private static PayloadMasker AppMasker()
    {
        var services = new ServiceCollection().AddRedaction(r => r.SetRedactor<PersonalDataRedactor>(PrivacyTaxonomy.Personal)).BuildServiceProvider();
        return new PayloadMasker(services.GetRequiredService<IRedactorProvider>().GetRedactor(PrivacyTaxonomy.Personal));
    }

    private static DeliveryDetail Detail() => new(
        "dlv_1", "evt_1", "participation.completed", "int_a", DeliveryStatus.Failed, 1, 422, null, Now.AddMinutes(-2), null, "p-jane",
        "HTTP 422", Now, "msg_1",
        JsonDocument.Parse("""{"id":"p-jane","ip":"203.0.113.7","form":[{"id":"email","label":"E-mail","value":"jane.doe@example.com"}]}""").RootElement.Clone(),
        false, 120,
        [new AttemptItem(1, Now.AddMinutes(-1), 40, 422, JsonDocument.Parse("{}").RootElement.Clone(), null, """{"error":"jane.doe@example.com is unknown"}""", null)],
        []);

    [Fact]
    public void Support_sees_the_payload_and_the_receivers_answer_masked()
    {
        var masked = DeliveryMasking.Mask(AppMasker(), Detail(), []);
        var view = Render<DeliveryDetailView>(p => p.Add(x => x.Detail, masked).Add(x => x.Now, Now));
        view.Find(".attempt-1 .mud-expand-panel-header").Click();

        var text = view.Markup;
        Assert.DoesNotContain("jane.doe@example.com", text);
        Assert.DoesNotContain("203.0.113.7", text);
        Assert.Contains("j•••@example.com", view.Find("#payload pre").TextContent);
        Assert.Contains("p-jane", view.Find("#payload pre").TextContent);
        Assert.Contains("j•••@example.com", text.Replace("\\u2022", "•"));
    }

    [Fact]
    public void Only_admins_are_offered_reveal_and_the_bar_says_when_data_is_clear()
    {
        Assert.Empty(Render<PersonalDataBar>(p => p.Add(x => x.CanReveal, false)).FindAll("#reveal-personal-data"));

        var revealed = 0;
        var bar = Render<PersonalDataBar>(p => p.Add(x => x.CanReveal, true).Add(x => x.OnReveal, () => revealed++));
        Assert.Contains("masked", bar.Find("#personal-data-masked").TextContent);
        bar.Find("#reveal-personal-data").Click();
        Assert.Equal(1, revealed);

        var clear = Render<PersonalDataBar>(p => p.Add(x => x.Revealed, true));
        Assert.Contains("audit log", clear.Find("#personal-data-revealed").TextContent);
    }

    [Fact]
    public void Support_sees_a_captured_request_masked_and_a_body_without_personal_data_as_received()
    {
        var headers = JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["User-Agent"] = "JanesPhone/4.2",
            ["X-Forwarded-For"] = "203.0.113.7",
            ["X-Reply-To"] = "jane.doe@example.com",
            ["Content-Type"] = "application/json",
        });
        var request = new InspectedRequestView(7, Now, "POST", "/signup?email=jane.doe@example.com", headers,
            """{"member":{"id":"mem-1","email":"jane.doe@example.com","phone":"+32 475 12 34 56"}}""", 80, false, "198.51.100.23", 200);
        var masked = CaptureMasking.Mask(AppMasker(), request, []);
        var panel = Render<WebhookConsole.Inspector.InspectedRequestPanel>(p => p.Add(x => x.Request, masked));

        var text = panel.Markup.Replace("\\u2022", "•");
        foreach (var clear in new[] { "jane.doe@example.com", "+32 475", "JanesPhone", "203.0.113.7", "198.51.100.23" })
            Assert.DoesNotContain(clear, text);
        Assert.Contains("mem-1", panel.Find(".request-body").TextContent);
        Assert.Contains("j•••@example.com", text);
        Assert.Contains("application/json", text);

        // Nothing personal: the body is shown exactly as it arrived, spacing included (signatures are over these bytes).
        const string plain = "{ \"id\": \"evt_1\",  \"points\": 10 }";
        Assert.Equal(plain, CaptureMasking.Mask(AppMasker(), request with { Body = plain }, []).Body);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
