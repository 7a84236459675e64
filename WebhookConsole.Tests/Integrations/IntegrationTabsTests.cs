using Bunit;
using MudBlazor.Services;
using WebhookConsole.Integrations;

namespace WebhookConsole.Tests.Integrations;

/// <summary>bUnit: the integration editor's tabs as components of their own.</summary>
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
        var changes = 0;
        var tab = Render<IntegrationOptionsTab>(p => p.Add(x => x.Model, model).Add(x => x.IsAdmin, true).Add(x => x.OnChange, () => changes++));

        tab.Find("input#opt-answers, #opt-answers input").Change(true);
        tab.Find("input#opt-leads, #opt-leads input").Change(true);
        Assert.True(model.SendAnswers);
        Assert.True(model.SendLeads);
        Assert.Equal(2, changes);
        Assert.Contains("questionnaire", tab.Markup);
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
            .Add(x => x.Websites, [new WebhookConsole.Sources.Website { Id = "web-1", Name = "Sunny Radio", Domain = "sunny.example", Country = "BE" }])
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

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
