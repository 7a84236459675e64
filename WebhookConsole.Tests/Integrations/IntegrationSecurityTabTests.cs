using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;

namespace WebhookConsole.Tests.Integrations;

/// <summary>bUnit: the integration editor's Security tab.</summary>
[Trait("Lane", "Component")]
public class IntegrationSecurityTabTests : BunitContext, IAsyncLifetime
{
    private static readonly IntegrationRules Rules = new("X-Acme-Signature", false, TimeSpan.FromMinutes(5));
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public IntegrationSecurityTabTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private static IntegrationDto Saved(DateTimeOffset? previousUntil = null) => new(
        "int_1", "Shop CRM", "https://shop.example/hook", IntegrationKind.Participation, true, null, "x-api-key", IntegrationSecrets.Mask, IntegrationSecrets.Mask,
        IntegrationValidator.CurrentPayloadVersion, IntegrationOptions.Default, Now, Now, previousUntil, null, null);

    private IRenderedComponent<IntegrationSecurityTab> RenderTab(IntegrationEditorModel model, bool admin = true, IntegrationDto? saved = null,
        RevealedSecrets? revealed = null, Action? onChange = null, Action? onReveal = null, Action? onRotate = null) =>
        Render<IntegrationSecurityTab>(p => p
            .Add(x => x.Model, model).Add(x => x.IsAdmin, admin).Add(x => x.Rules, Rules).Add(x => x.Saved, saved).Add(x => x.Revealed, revealed)
            .Add(x => x.OnChange, onChange ?? (() => { }))
            .Add(x => x.OnReveal, EventCallback.Factory.Create(this, onReveal ?? (() => { })))
            .Add(x => x.OnRotate, EventCallback.Factory.Create(this, onRotate ?? (() => { }))));

    [Fact]
    public void A_new_integration_gets_a_generated_secret_shown_masked_until_asked_and_edits_report_each_change()
    {
        var model = IntegrationEditorModel.New();
        var changes = 0;
        var tab = RenderTab(model, onChange: () => changes++);

        var masked = tab.Find("#generated-secret").TextContent;
        Assert.StartsWith(model.GeneratedSecret![..6], masked);
        Assert.Contains("•", masked);
        tab.Find("#btn-generate").Click();
        Assert.Equal(model.GeneratedSecret, tab.Find("#generated-secret").TextContent.Trim());
        Assert.Equal(1, changes);

        tab.Find("#field-auth-name").Input("x-api-key");
        Assert.Equal("x-api-key", model.AuthHeaderName);
        Assert.Equal(2, changes);
        Assert.Contains("X-Acme-Signature", tab.Markup);
        Assert.Single(tab.FindAll("#signature-help"));

        tab.Find("input#secret-mode-none, #secret-mode-none input").Click();
        Assert.Equal(SecretMode.None, model.SecretMode);
        Assert.NotNull(tab.Find("#no-signing-warning"));
        Assert.Equal(3, changes);
    }

    [Fact]
    public void A_saved_secret_is_masked_revealed_on_request_and_rotatable_with_its_window()
    {
        var reveals = 0;
        var rotations = 0;
        var saved = Saved(previousUntil: Now.AddHours(24));
        var model = IntegrationEditorModel.From(saved);
        var tab = RenderTab(model, saved: saved, onReveal: () => reveals++, onRotate: () => rotations++);

        Assert.Contains("••••", tab.Find("#current-secret").TextContent);
        Assert.Contains("until 2026-01-11 12:00 UTC", tab.Find("#rotation-window").TextContent);
        // One Qualifio signature: the new secret's once settings refresh, at most the cache duration after the rotation.
        Assert.Contains("holds one signature only: the new secret's since 2026-01-10 12:05 UTC at the latest", tab.Find("#rotation-window").TextContent);
        var help = tab.Find("#rotation-help").TextContent;
        Assert.Contains("X-Acme-Signature holds one signature", help);
        Assert.Contains("webhook-signature carries one entry per live secret, the new and the previous", help);
        Assert.Contains("must accept the new secret within 5 minutes of the rotation", help);
        Assert.NotNull(tab.Find("#secret-mode-keep"));
        tab.Find("#btn-reveal-secret").Click();
        tab.Find("#btn-rotate").Click();
        Assert.Equal((1, 1), (reveals, rotations));

        var revealed = RenderTab(model, saved: saved, revealed: new RevealedSecrets("whsec_c2VjcmV0", "whsec_b2xk", Now.AddHours(24), "key-123"));
        Assert.Equal("whsec_c2VjcmV0", revealed.Find("#current-secret").TextContent.Trim());
        Assert.Equal("key-123", revealed.Find("#revealed-auth-value").TextContent.Trim());
        Assert.Contains("whsec_b2xk", revealed.Find("#rotation-window").TextContent);
    }

    [Fact]
    public void Support_users_see_whether_signing_is_on_but_no_secret_and_no_buttons()
    {
        var saved = Saved();
        var tab = RenderTab(IntegrationEditorModel.From(saved), admin: false, saved: saved);

        Assert.Contains("on (secret hidden)", tab.Find("#signing-state").TextContent);
        Assert.Contains("set (hidden)", tab.Markup);
        Assert.Empty(tab.FindAll("#current-secret"));
        Assert.Empty(tab.FindAll("#btn-rotate"));
        Assert.Empty(tab.FindAll("#field-auth-value"));
    }

    [Fact]
    public void Typing_an_empty_secret_shows_the_error_the_page_passes()
    {
        var model = IntegrationEditorModel.New();
        model.SecretMode = SecretMode.Type;
        var tab = Render<IntegrationSecurityTab>(p => p.Add(x => x.Model, model).Add(x => x.IsAdmin, true).Add(x => x.Rules, Rules)
            .Add(x => x.Errors, model.Validate(Rules)));
        Assert.Contains("Type a secret of at least", tab.Markup);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
