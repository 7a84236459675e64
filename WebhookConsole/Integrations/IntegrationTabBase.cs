using Microsoft.AspNetCore.Components;

namespace WebhookConsole.Integrations;

/// <summary>
/// What every tab of the integration editor shares: the model it edits in place, whether the user may change it, the
/// field errors to show, and a callback after each change so the page updates its "unsaved" state and tab badges.
/// </summary>
public abstract class IntegrationTabBase : ComponentBase
{
    [Parameter, EditorRequired] public IntegrationEditorModel Model { get; set; } = default!;
    [Parameter] public bool IsAdmin { get; set; }
    /// <summary>Errors by the API's field name, e.g. <c>options.delaySeconds</c>.</summary>
    [Parameter] public IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();
    [Parameter] public EventCallback OnChange { get; set; }

    protected bool Has(string field) => Errors.ContainsKey(field);
    protected string? ErrorOf(string field) => Errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;
    protected Task Changed() => OnChange.InvokeAsync();
}
