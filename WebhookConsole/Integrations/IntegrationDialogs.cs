using MudBlazor;

namespace WebhookConsole.Integrations;

/// <summary>Confirmations and messages the hub and the editor share.</summary>
public static class IntegrationDialogs
{
    public static async Task<bool> ConfirmDeleteAsync(IDialogService dialogs, string name, IntegrationUsage usage)
    {
        var consequences = new List<string>();
        if (usage.PushRules > 0)
            consequences.Add($"It is a destination of {usage.PushRules} push rule{(usage.PushRules == 1 ? "" : "s")}; it will be removed from {(usage.PushRules == 1 ? "it" : "them")}.");
        if (usage.OutstandingDeliveries > 0)
            consequences.Add($"{usage.OutstandingDeliveries} queued deliver{(usage.OutstandingDeliveries == 1 ? "y" : "ies")} to it will be cancelled (marked failed: integration deleted).");
        consequences.Add("Its delivery history stays in the event logs. This cannot be undone.");
        var result = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Delete '{name}'?",
            Message = string.Join(" ", consequences),
            YesText = "Delete",
            CancelText = "Cancel",
        });
        return result == true;
    }

    public static string Deleted(string name, IntegrationDeleted result)
    {
        var text = $"'{name}' deleted.";
        if (result.PushRulesUpdated > 0) text += $" Removed from {result.PushRulesUpdated} push rule{(result.PushRulesUpdated == 1 ? "" : "s")}.";
        if (result.DeliveriesCancelled > 0) text += $" {result.DeliveriesCancelled} queued deliver{(result.DeliveriesCancelled == 1 ? "y" : "ies")} cancelled.";
        return text;
    }
}
