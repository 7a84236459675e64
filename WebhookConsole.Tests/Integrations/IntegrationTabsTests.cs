using Bunit;
using MudBlazor.Services;
using WebhookConsole.Integrations;

namespace WebhookConsole.Tests.Integrations;

/// <summary>bUnit: the integration editor's tabs as components of their own.</summary>
[Trait("Lane", "Component")]
public class IntegrationTabsTests : BunitContext, IAsyncLifetime
{
    public IntegrationTabsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void The_options_tab_edits_the_model_in_place_and_reports_each_change()
    {
        var model = IntegrationEditorModel.New();
        model.PayloadVersion = IntegrationValidator.PoltioPayloadVersion;
        var changes = 0;
        var tab = Render<IntegrationOptionsTab>(p => p.Add(x => x.Model, model).Add(x => x.IsAdmin, true).Add(x => x.OnChange, () => changes++));

        tab.Find("input#opt-answers, #opt-answers input").Change(true);
        tab.Find("input#opt-leads, #opt-leads input").Change(true);
        Assert.True(model.SendAnswers);
        Assert.True(model.SendLeads);
        Assert.Equal(2, changes);
        Assert.Contains("Poltio's votes", tab.Markup);
    }

    [Theory]
    [InlineData(IntegrationValidator.CurrentPayloadVersion)]
    [InlineData(IntegrationValidator.LegacyPayloadVersion)]
    public void Qualifio_payloads_show_no_answer_or_lead_switch_and_say_they_carry_everything(string version)
    {
        var model = IntegrationEditorModel.New();
        model.PayloadVersion = version;
        var tab = Render<IntegrationOptionsTab>(p => p.Add(x => x.Model, model).Add(x => x.IsAdmin, true));

        Assert.Empty(tab.FindAll("#opt-answers"));
        Assert.Empty(tab.FindAll("#opt-leads"));
        Assert.Contains("questionnaire and the exit screen", tab.Find("#opt-content-always").TextContent);
    }

    [Fact]
    public void The_options_tab_shows_field_errors_and_the_help_of_the_payload_version()
    {
        var model = IntegrationEditorModel.New();
        model.PayloadVersion = IntegrationValidator.PoltioPayloadVersion;
        var errors = new Dictionary<string, string[]> { ["options.delaySeconds"] = ["Use 0 to 86400 seconds."] };
        var tab = Render<IntegrationOptionsTab>(p => p.Add(x => x.Model, model).Add(x => x.IsAdmin, true).Add(x => x.Errors, errors));

        Assert.Contains("Use 0 to 86400 seconds.", tab.Markup);
        Assert.Contains("Poltio's votes", tab.Markup);
    }

    [Fact]
    public void The_options_tab_is_read_only_for_non_admins_and_empty_for_loyalty()
    {
        var model = IntegrationEditorModel.New();
        model.PayloadVersion = IntegrationValidator.PoltioPayloadVersion;
        var readOnly = Render<IntegrationOptionsTab>(p => p.Add(x => x.Model, model).Add(x => x.IsAdmin, false));
        Assert.True(readOnly.Find("input#opt-answers, #opt-answers input").HasAttribute("disabled"));

        model.Kind = IntegrationKind.Loyalty;
        var loyalty = Render<IntegrationOptionsTab>(p => p.Add(x => x.Model, model).Add(x => x.IsAdmin, true));
        Assert.Contains("no delivery options", loyalty.Find("#options-loyalty").TextContent);
        Assert.Empty(loyalty.FindAll("#opt-answers"));
    }

    [Fact]
    public void The_general_tab_edits_the_model_in_place_and_reports_each_change()
    {
        var model = IntegrationEditorModel.New();
        var changes = 0;
        var tab = Render<IntegrationGeneralTab>(p => p
            .Add(x => x.Model, model).Add(x => x.IsAdmin, true).Add(x => x.Rules, new IntegrationRules("X-Acme-Signature", false, TimeSpan.FromMinutes(5)))
            .Add(x => x.Websites, [new Website { Id = "web-1", Name = "Sunny Radio", Domain = "sunny.example", Country = "BE" }])
            .Add(x => x.OnChange, () => changes++));

        tab.Find("#field-name").Input("Shop CRM");
        tab.Find("#field-url").Input("http://shop.example/hook");
        Assert.Equal(("Shop CRM", "http://shop.example/hook"), (model.Name, model.Url));
        Assert.Equal(2, changes);
        // A plain http URL is warned about at once; the signature header named is the configured one.
        Assert.NotNull(tab.Find("#http-warning"));
        Assert.Contains("X-Acme-Signature", tab.Markup);
        Assert.Contains("for each payload version", tab.Markup);

        tab.Find("input#kind-loyalty, #kind-loyalty input").Click();
        Assert.Equal(IntegrationKind.Loyalty, model.Kind);
        Assert.Null(model.WebsiteId);
        Assert.Empty(tab.FindAll("#field-scope"));
        Assert.Equal(3, changes);
    }

    [Fact]
    public void The_general_tab_shows_field_errors()
    {
        var errors = new Dictionary<string, string[]> { ["name"] = ["Give the integration a name."], ["url"] = ["Use an http or https URL."] };
        var tab = Render<IntegrationGeneralTab>(p => p
            .Add(x => x.Model, IntegrationEditorModel.New()).Add(x => x.IsAdmin, true).Add(x => x.Rules, IntegrationRules.Default).Add(x => x.Errors, errors));
        Assert.Contains("Give the integration a name.", tab.Markup);
        Assert.Contains("Use an http or https URL.", tab.Markup);
    }

    private static IntegrationDto Saved(bool active) => new(
        "int_1", "Shop CRM", "https://shop.example/hook", IntegrationKind.Loyalty, active, null, null, null, null,
        IntegrationValidator.CurrentPayloadVersion, IntegrationOptions.Default, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null);

    [Fact]
    public void The_test_tab_sends_once_asked_and_shows_the_result_or_the_error()
    {
        var sent = 0;
        var tab = Render<IntegrationTestTab>(p => p.Add(x => x.IsAdmin, true).Add(x => x.Saved, Saved(active: false)).Add(x => x.Dirty, true)
            .Add(x => x.Send, () =>
            {
                sent++;
                return sent == 1
                    ? Task.FromResult(new TestDeliveryResult(true, "https://shop.example/hook", "msg_1", 1, DateTimeOffset.UtcNow, 12, 204,
                        new Dictionary<string, string>(), new Dictionary<string, string>(), "", null, "[]"))
                    : throw new KeyNotFoundException("Integration 'int_1' does not exist.");
            }));

        Assert.Contains("even though the integration is inactive", tab.Markup);
        Assert.NotNull(tab.Find("#test-unsaved"));
        Assert.Equal(0, sent);
        tab.Find("#btn-send-test").Click();
        Assert.Equal(1, sent);
        Assert.Contains("204", tab.Markup);
        tab.Find("#btn-send-test").Click();
        Assert.Contains("does not exist", tab.Find("#test-error").TextContent);
    }

    [Fact]
    public void The_test_tab_asks_to_save_first_and_is_for_admins_only()
    {
        var unsaved = Render<IntegrationTestTab>(p => p.Add(x => x.IsAdmin, true).Add(x => x.Send, () => Task.FromException<TestDeliveryResult>(new InvalidOperationException())));
        Assert.NotNull(unsaved.Find("#test-save-first"));
        var support = Render<IntegrationTestTab>(p => p.Add(x => x.IsAdmin, false).Add(x => x.Saved, Saved(active: true)).Add(x => x.Send, () => Task.FromException<TestDeliveryResult>(new InvalidOperationException())));
        Assert.Contains("Only admins", support.Markup);
        Assert.Empty(support.FindAll("#btn-send-test"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
