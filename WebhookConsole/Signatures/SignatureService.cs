using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Signatures;

/// <summary>A report against one of an integration's live secrets; <paramref name="Secret"/> names which, never its value.</summary>
public sealed record IntegrationSignatureReport(SignatureReport? Report, string? Secret, string? Problem);

/// <summary>What the checker opens with for a delivery: its payload and the newest attempt's request headers.</summary>
public sealed record CheckerPrefill(string DeliveryId, string IntegrationId, string Body, string Headers, int? AttemptNumber, DateTimeOffset? SentAt, string? Problem);

/// <summary>The checker's server side: a pasted secret, or an integration's live secrets decrypted here and never shown.</summary>
public sealed class SignatureService(IDbContextFactory<AppDbContext> dbFactory, IntegrationSettingsCache settings, DeliveryOptions delivery, TimeProvider time)
{
    public string SignatureHeader => delivery.SignatureHeader;

    public static Dictionary<string, string[]> Validate(string? secret, string? body, IReadOnlyDictionary<string, string>? headers, string signatureHeader)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(secret)) errors["secret"] = ["Secret is required: the integration's signing secret (whsec_…)."];
        if (body is null) errors["body"] = ["Body is required: the raw request body exactly as received."];
        if (headers is null) errors["headers"] = ["Headers are required: an object of the request's headers."];
        else if (!headers.Keys.Any(k => k.Equals(signatureHeader, StringComparison.OrdinalIgnoreCase) || k.Equals("webhook-signature", StringComparison.OrdinalIgnoreCase)))
            errors["headers"] = [$"The headers carry no signature: include {signatureHeader} or webhook-signature (with webhook-id and webhook-timestamp)."];
        return errors;
    }

    /// <param name="at">When to judge the timestamp: now for a pasted request, the time it was sent or received for a recorded one.</param>
    public SignatureReport Verify(string secret, byte[] body, IReadOnlyDictionary<string, string> headers, DateTimeOffset? at = null) =>
        SignatureVerifier.Check(secret, body, headers, at ?? time.GetUtcNow(), delivery.SignatureHeader);

    /// <summary>Checks against each live secret (two during a rotation) and reports the one that verifies, else the current one.</summary>
    /// <summary>Shown instead of a value computed with an integration's stored secret to whoever may not see that secret.</summary>
    public const string HiddenExpected = "hidden: computed with the integration's secret, shown to admins only";

    /// <param name="revealExpected">
    /// Show the values the receiver should compute. Only for those who may read the secret anyway (admins): otherwise anyone
    /// who can paste a body could have the console sign it with a live secret. Valid or not and the diagnosis are always shown.
    /// </param>
    public async Task<IntegrationSignatureReport> VerifyWithIntegrationAsync(string integrationId, byte[] body, IReadOnlyDictionary<string, string> headers,
        DateTimeOffset? at = null, bool revealExpected = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == integrationId, ct);
        if (integration is null) return new(null, null, "That integration no longer exists.");
        var secrets = settings.Snapshot(integration).SigningSecrets;
        if (secrets.Count == 0) return new(null, null, $"{integration.Name} has no signing secret, so its requests are not signed.");
        var reports = secrets.Select((s, i) => (Report: Verify(s, body, headers, at), Name: i == 0 ? "current secret" : "previous secret (rotated, still signing)")).ToList();
        var best = reports.FirstOrDefault(r => r.Report.Valid);
        if (best.Report is null) best = reports.FirstOrDefault(r => r.Report.Qualifio.Valid || r.Report.StandardWebhooks.SignatureMatches);
        if (best.Report is null) best = reports[0];
        var report = revealExpected ? best.Report : best.Report with
        {
            Qualifio = best.Report.Qualifio with { Expected = HiddenExpected },
            StandardWebhooks = best.Report.StandardWebhooks with { Expected = best.Report.StandardWebhooks.Expected is null ? null : HiddenExpected },
        };
        return new(report, best.Name, null);
    }

    /// <summary>A delivery's payload bytes and its newest attempt's request headers (as sent, signatures included).</summary>
    public async Task<CheckerPrefill?> PrefillAsync(string deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var d = await db.Deliveries.AsNoTracking().Where(x => x.Id == deliveryId)
            .Select(x => new { x.Id, x.IntegrationId, x.Payload, x.MessageId }).FirstOrDefaultAsync(ct);
        if (d is null) return null;
        var attempt = await db.Attempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderByDescending(a => a.Number)
            .Select(a => new { a.Number, a.StartedAt, a.RequestHeaders }).FirstOrDefaultAsync(ct);
        var headers = attempt is null ? new Dictionary<string, string> { ["webhook-id"] = d.MessageId }
            : JsonSerializer.Deserialize<Dictionary<string, string>>(attempt.RequestHeaders) ?? [];
        string? problem = d.Payload.Length == 0 ? "Retention removed this delivery's payload; paste the body instead."
            : attempt is null ? "No attempt was made yet, so there are no signatures to check." : null;
        return new CheckerPrefill(d.Id, d.IntegrationId, Encoding.UTF8.GetString(d.Payload), HeaderText.Format(headers), attempt?.Number, attempt?.StartedAt, problem);
    }
}
