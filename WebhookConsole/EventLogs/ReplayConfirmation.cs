using System.Net;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using WebhookConsole.Dispatch;

namespace WebhookConsole.EventLogs;

/// <summary>The question before replaying one delivery, asked alike from the list and the detail page.</summary>
public static class ReplayConfirmation
{
    /// <param name="payload">How the payload is named, as HTML: "The payload" or "The payload of dlv_…".</param>
    /// <param name="messageId">Shown beside the webhook-id when given.</param>
    /// <param name="replayedAs">The delivery's newest replay, when it was replayed before: confirming sends it once more.</param>
    public static async Task<bool> AskAsync(IDialogService dialogs, string payload, string integrationName, DeliveryStatus status, string? messageId = null, string? replayedAs = null)
    {
        var webhookId = messageId is null ? "" : $" (<span class=\"mono\">{messageId}</span>)";
        // A delivery still waiting to retry is superseded by its replay: the receiver gets the event once more, not twice.
        var supersedes = DeliveryOutbox.CanBeSuperseded(status)
            ? "<p>It is still waiting to retry: the replay <b>supersedes</b> it, so its remaining retries are cancelled and the receiver gets the event once more, not twice.</p>"
            : "";
        var again = replayedAs is null
            ? ""
            : $"<p class=\"already-replayed\">It was <b>already replayed</b> as <span class=\"mono\">{WebUtility.HtmlEncode(replayedAs)}</span>: replaying it again sends the event to the receiver once more.</p>";
        var ok = await dialogs.ShowMessageBoxAsync(
            "Replay this delivery?",
            (MarkupString)$"<p>{payload} is sent again to <b>{WebUtility.HtmlEncode(integrationName)}</b> as a new delivery with the same <span class=\"mono\">webhook-id</span>{webhookId}, signed with the integration's current secret.</p>{again}{supersedes}",
            yesText: "Replay", cancelText: "Cancel");
        return ok == true;
    }
}
