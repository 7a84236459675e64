using System.Text.Json;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Integrations;

/// <summary>
/// What the integration editor does besides layout: loads an integration into an <see cref="IntegrationEditorModel"/>,
/// shows errors as the admin edits (the editor's own checks, then the database's), saves, reveals, rotates and deletes,
/// asking and reporting through MudBlazor's dialogs and snackbar. One per editor page.
/// </summary>
public sealed class IntegrationEditorState(IntegrationService integrations, IDialogService dialogs, ISnackbar snackbar, NavigationManager navigation)
{
    public static readonly string[] GeneralFields = ["name", "kind", "websiteId", "url", "payloadVersion", "active"];
    public static readonly string[] SecurityFields = ["authHeaderName", "authHeaderValue", "secret"];
    public static readonly string[] OptionFields = ["options", "options.delaySeconds", "options.incomplete.delaySeconds", "options.incomplete.delayMinutes"];
    private static readonly string[] TabNames = ["general", "security", "options", "test", "backfill", "health"];

    private string savedFingerprint = "";
    // Errors show once a save was attempted, then follow the form as it changes. Database rules (unique name,
    // one per scope) come from the server and stay until the field they are about changes.
    private bool validateLive;
    private Dictionary<string, string[]> serverErrors = [];
    private IntegrationRequest? serverErrorsFor;

    public IntegrationRules Rules => integrations.Rules;
    /// <summary>Who changes things, for the audit log.</summary>
    public string Actor { get; set; } = "";
    public IntegrationEditorModel? Model { get; private set; }
    /// <summary>The integration as saved; null while it is new.</summary>
    public IntegrationDto? Saved { get; private set; }
    public string SavedName { get; private set; } = "";
    public bool NotFound { get; private set; }
    public bool Saving { get; private set; }
    public string? ServerError { get; set; }
    /// <summary>The last save or delete found the integration changed by someone else since it was loaded; nothing was saved.</summary>
    public bool Stale { get; private set; }
    // Set for one save when the admin chose to overwrite the newer version.
    private int? overwriteVersion;
    public RevealedSecrets? Revealed { get; private set; }
    /// <summary>Set once the secret was rotated on this page (the alert to update the receiver).</summary>
    public string? RotatedSecret { get; private set; }
    /// <summary>The tab shown: from the URL, then the first tab with an error after a failed save.</summary>
    public int Tab { get; set; }

    public bool Dirty => Model is not null && Model.Fingerprint() != savedFingerprint;

    public Dictionary<string, string[]> Errors => validateLive && Model is not null ? CurrentErrors() : [];

    /// <summary>How many errors a tab holds, for its badge; null for none.</summary>
    public object? Badge(string[] fields) => Errors.Keys.Count(fields.Contains) is > 0 and var n ? n : null;

    public async Task LoadAsync(string? id, string? tab)
    {
        validateLive = false;
        serverErrors = [];
        serverErrorsFor = null;
        ServerError = null;
        Stale = false;
        Revealed = null;
        RotatedSecret = null;
        NotFound = false;
        if (id is null)
        {
            Saved = null;
            Model = IntegrationEditorModel.New();
        }
        else
        {
            try
            {
                Saved = await integrations.GetAsync(id);
            }
            catch (KeyNotFoundException)
            {
                NotFound = true;
                return;
            }
            SavedName = Saved.Name;
            Model = IntegrationEditorModel.From(Saved);
        }
        savedFingerprint = Model.Fingerprint();
        Tab = Math.Max(0, Array.IndexOf(TabNames, tab?.ToLowerInvariant()));
    }

    /// <summary>The integration changed outside the form (unblocked): it is now saved as active, the switch follows.</summary>
    public void Replace(IntegrationDto saved)
    {
        Saved = saved;
        if (Model is null) return;
        var dirty = Dirty;
        Model.Active = saved.Active;
        if (!dirty) savedFingerprint = Model.Fingerprint();
    }

    public async Task SaveAsync()
    {
        if (Model is null) return;
        ServerError = null;
        Stale = false;
        validateLive = true;
        serverErrors = [];
        serverErrorsFor = null;
        if (Errors.Count == 0)
        {
            var found = await integrations.CheckAsync(Model.ToRequest(), Model.Id);
            if (found.Count > 0) ShowServerErrors(found);
        }
        if (Errors.Count > 0)
        {
            GoToFirstError();
            return;
        }
        Saving = true;
        try
        {
            if (Model.IsNew)
            {
                var created = await integrations.CreateAsync(Model.ToRequest(), Actor);
                snackbar.Add($"'{created.Name}' created{(created.Active ? " and active" : "")}. Send it a test event, route events to it under Push rules, then send it recent events from the Backfill tab.", Severity.Success);
                navigation.NavigateTo($"/integrations/{created.Id}?tab=test", replace: true);
                return;
            }
            Saved = await integrations.UpdateAsync(Model.Id!, Model.ToRequest(), Actor, expectedVersion: overwriteVersion ?? Saved!.Version);
            SavedName = Saved.Name;
            Model = IntegrationEditorModel.From(Saved);
            savedFingerprint = Model.Fingerprint();
            Revealed = null;
            validateLive = false;
            snackbar.Add($"Saved. Deliveries use the new settings within {Rules.CacheDelay} (settings cache).", Severity.Success);
        }
        catch (ValidationException e) { ShowServerErrors(e.Errors); }
        catch (ConflictException e) { ServerError = e.Message; }
        catch (KeyNotFoundException e) { ServerError = e.Message; }
        catch (Exception e) when (e is StaleVersionException or Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException) { Stale = true; }
        finally { Saving = false; overwriteVersion = null; }
    }

    /// <summary>After a stale save: the admin's version replaces the one saved meanwhile.</summary>
    public async Task OverwriteAsync()
    {
        try
        {
            overwriteVersion = (await integrations.GetAsync(Model!.Id!)).Version;
        }
        catch (KeyNotFoundException e)
        {
            Stale = false;
            ServerError = e.Message;
            return;
        }
        await SaveAsync();
    }

    /// <summary>After a stale save: drop the edits and show the integration as it is now.</summary>
    public Task ReloadAsync() => LoadAsync(Model!.Id, TabNames[Math.Clamp(Tab, 0, TabNames.Length - 1)]);

    public async Task RevealAsync()
    {
        try
        {
            Revealed = await integrations.RevealAsync(Model!.Id!, Actor);
        }
        catch (KeyNotFoundException e) { ServerError = e.Message; }
    }

    public void HideRevealed() => Revealed = null;

    public async Task RotateAsync()
    {
        var ok = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = "Rotate the signing secret?",
            Message = $"A new secret is generated now and starts signing within {Rules.CacheDelay} (when deliveries pick up the new settings). " +
                      Rules.RotationText,
            YesText = "Rotate",
            CancelText = "Cancel",
        });
        if (ok != true) return;
        try
        {
            var result = await integrations.RotateSecretAsync(Model!.Id!, Actor);
            RotatedSecret = result.Secret;
            Saved = result with { Secret = IntegrationSecrets.Mask };
            var keep = Model;
            Model = IntegrationEditorModel.From(Saved);
            // Keep what the admin was editing elsewhere; only the secret state is new.
            Model.Name = keep.Name; Model.Url = keep.Url; Model.WebsiteId = keep.WebsiteId; Model.Active = keep.Active; Model.PayloadVersion = keep.PayloadVersion;
            Model.AuthHeaderName = keep.AuthHeaderName; Model.AuthHeaderValue = keep.AuthHeaderValue;
            Model.DelaySeconds = keep.DelaySeconds; Model.SendAnswers = keep.SendAnswers; Model.SendLeads = keep.SendLeads;
            Model.IncompleteSend = keep.IncompleteSend; Model.IncompleteDelaySeconds = keep.IncompleteDelaySeconds;
            savedFingerprint = IntegrationEditorModel.From(Saved).Fingerprint();
            Revealed = new RevealedSecrets(result.Secret, null, result.PreviousSecretExpiresAt, Revealed?.AuthHeaderValue);
            snackbar.Add($"Secret rotated. It signs {Rules.SignatureHeader} within {Rules.CacheDelay}; webhook-signature carries both secrets for 24 hours.", Severity.Success);
        }
        catch (KeyNotFoundException e) { ServerError = e.Message; }
    }

    public Task<TestDeliveryResult> SendTestAsync() => integrations.TestAsync(Model!.Id!, Actor);

    public async Task DeleteAsync()
    {
        var usage = await integrations.UsageAsync(Model!.Id!);
        if (!await IntegrationDialogs.ConfirmDeleteAsync(dialogs, SavedName, usage)) return;
        try
        {
            var result = await integrations.DeleteAsync(Model.Id!, Actor, expectedVersion: Saved?.Version);
            snackbar.Add(IntegrationDialogs.Deleted(SavedName, result), Severity.Success);
            navigation.NavigateTo("/integrations");
        }
        catch (KeyNotFoundException e) { ServerError = e.Message; }
        catch (StaleVersionException e) { ServerError = e.Message.Replace("you read it", "you opened it", StringComparison.Ordinal); }
    }

    public static string FieldLabel(string key) => key switch
    {
        "name" => "Name",
        "kind" => "Kind",
        "websiteId" => "Scope",
        "url" => "Endpoint URL",
        "payloadVersion" => "Payload version",
        "authHeaderName" => "Header name",
        "authHeaderValue" => "Header value",
        "secret" => "Signing secret",
        "options.delaySeconds" => "Delay",
        "options.incomplete.delayMinutes" or "options.incomplete.delaySeconds" => "Incomplete delay",
        _ => "Options",
    };

    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'");

    private Dictionary<string, string[]> CurrentErrors()
    {
        var current = Model!.Validate(Rules);
        if (serverErrorsFor is null) return current;
        var request = Model.ToRequest();
        foreach (var (key, messages) in serverErrors)
            if (!current.ContainsKey(key) && Unchanged(key, request, serverErrorsFor)) current[key] = messages;
        return current;
    }

    private static bool Unchanged(string key, IntegrationRequest now, IntegrationRequest then) => key switch
    {
        "name" => string.Equals(now.Name?.Trim(), then.Name?.Trim(), StringComparison.OrdinalIgnoreCase),
        "websiteId" => now.WebsiteId == then.WebsiteId && now.Kind == then.Kind,
        "url" => now.Url == then.Url,
        _ => JsonSerializer.Serialize(now) == JsonSerializer.Serialize(then),
    };

    private void ShowServerErrors(IDictionary<string, string[]> found)
    {
        serverErrors = new(found);
        serverErrorsFor = Model!.ToRequest();
        validateLive = true;
        GoToFirstError();
    }

    private void GoToFirstError()
    {
        var errors = Errors;
        if (errors.Keys.Any(GeneralFields.Contains)) Tab = 0;
        else if (errors.Keys.Any(SecurityFields.Contains)) Tab = 1;
        else if (errors.Keys.Any(OptionFields.Contains)) Tab = 2;
    }
}
