namespace WebhookConsole.Routing.Participations;

/// <summary>One form field: Qualifio's `{id,label,type,variable,responses[]}`; a flat `value` becomes one response.</summary>
public sealed record FormField(string Id, string? Label, string? Type, string? Variable, IReadOnlyList<FormResponse> Responses)
{
    /// <summary>The answer as one text: values (or file names) joined by ", ".</summary>
    public string Text => string.Join(", ", Responses.Select(r => r.Value ?? r.FileName).Where(v => !string.IsNullOrEmpty(v)));
}

/// <summary>A form response: a value with an optional label (choices), or an uploaded file.</summary>
public sealed record FormResponse(string? Value, string? Label, string? FileName);
