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

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
