namespace WebhookConsole.MappingVariables;

public sealed class MappingVariable
{
    public string Id { get; set; } = default!;
    /// <summary>Technical name, unique, [a-z0-9_]+; the key under `variables` in participation payloads.</summary>
    public string Name { get; set; } = default!;
    public string Label { get; set; } = default!;
    /// <summary>`answer` or `optin`.</summary>
    public string Type { get; set; } = default!;
    /// <summary>The question id (answer) or opt-in id (optin) it reads.</summary>
    public string SourceId { get; set; } = default!;
}
