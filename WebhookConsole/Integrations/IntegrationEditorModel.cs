using System.Text.Json;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Integrations;

public enum SecretMode
{
    /// <summary>Existing integration: leave the stored secret as it is.</summary>
    Keep,
    /// <summary>New integration: use the secret generated in the editor.</summary>
    Generate,
    /// <summary>Use a secret the admin typed (replaces the stored one at once).</summary>
    Type,
    /// <summary>No signing.</summary>
    None,
}

/// <summary>What the integration editor edits; turned into the API's request so both validate alike.</summary>
public sealed class IntegrationEditorModel
{
    public string? Id { get; private init; }
    public bool IsNew => Id is null;
    public string? Name { get; set; }
    public string? Url { get; set; }
    public string Kind { get; set; } = IntegrationKind.Participation;
    /// <summary>Null: the whole account.</summary>
    public string? WebsiteId { get; set; }
    public bool Active { get; set; } = true;
    public string PayloadVersion { get; set; } = IntegrationValidator.CurrentPayloadVersion;
    public string? AuthHeaderName { get; set; }
    /// <summary>What the admin typed; empty on an existing integration means "keep the stored value".</summary>
    public string? AuthHeaderValue { get; set; }
    public bool HasStoredAuthValue { get; private init; }
    public bool HasStoredSecret { get; private init; }
    public SecretMode SecretMode { get; set; }
    public string? GeneratedSecret { get; set; }
    public string? TypedSecret { get; set; }
    public int DelaySeconds { get; set; }
    public bool SendAnswers { get; set; }
    public bool SendLeads { get; set; }
    public bool IncompleteSend { get; set; }
    public int IncompleteDelaySeconds { get; set; } = 3600;
    /// <summary>Shorter payload retention for this integration; null keeps the global one.</summary>
    public int? PayloadRetentionDays { get; set; }

    public bool IsParticipation => Kind == IntegrationKind.Participation;

    public static IntegrationEditorModel New() => new()
    {
        SecretMode = SecretMode.Generate,
        GeneratedSecret = IntegrationSecrets.Generate(),
    };

    public static IntegrationEditorModel From(IntegrationDto d) => new()
    {
        Id = d.Id,
        Name = d.Name,
        Url = d.Url,
        Kind = d.Kind,
        WebsiteId = d.WebsiteId,
        Active = d.Active,
        PayloadVersion = d.PayloadVersion,
        AuthHeaderName = d.AuthHeaderName,
        HasStoredAuthValue = d.AuthHeaderValue is not null,
        HasStoredSecret = d.Secret is not null,
        SecretMode = d.Secret is null ? SecretMode.None : SecretMode.Keep,
        DelaySeconds = d.Options.DelaySeconds,
        SendAnswers = d.Options.SendAnswers,
        SendLeads = d.Options.SendLeads,
        IncompleteSend = d.Options.Incomplete.Send,
        IncompleteDelaySeconds = d.Options.Incomplete.DelaySeconds,
        PayloadRetentionDays = d.PayloadRetentionDays,
    };

    public IntegrationRequest ToRequest()
    {
        var participation = IsParticipation;
        return new IntegrationRequest(
            Name,
            Url,
            Kind,
            Active,
            participation ? WebsiteId : null,
            AuthHeaderName,
            string.IsNullOrEmpty(AuthHeaderValue) && !IsNew && HasStoredAuthValue ? null : AuthHeaderValue ?? "",
            SecretMode switch
            {
                SecretMode.Keep => null,
                SecretMode.Generate => GeneratedSecret,
                SecretMode.Type => TypedSecret ?? "",
                _ => "",
            },
            participation ? PayloadVersion : IntegrationValidator.CurrentPayloadVersion,
            participation
                ? new IntegrationOptionsRequest(DelaySeconds, SendAnswers, SendLeads, new IncompleteOptionsRequest(IncompleteSend, IncompleteDelaySeconds))
                : null,
            PayloadRetentionDays);
    }

    /// <summary>The shared rules, plus what only the editor can get wrong (choosing "type my own" and typing nothing).</summary>
    public Dictionary<string, string[]> Validate(IntegrationRules rules)
    {
        var state = IsNew ? null : new IntegrationState(Kind, HasStoredAuthValue, HasStoredSecret);
        var errors = IntegrationValidator.Validate(ToRequest(), rules, state);
        if (SecretMode == SecretMode.Type && string.IsNullOrEmpty(TypedSecret))
            errors["secret"] = [$"Type a secret of at least {IntegrationValidator.MinSecretLength} characters, or choose another option."];
        return errors;
    }

    /// <summary>A fingerprint of the form, to tell whether there are unsaved changes.</summary>
    public string Fingerprint() => JsonSerializer.Serialize(ToRequest()) + (int)SecretMode;
}
