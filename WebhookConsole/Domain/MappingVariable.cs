namespace WebhookConsole.Domain;

public sealed class MappingVariable : IVersioned
{
    public string Id { get; set; } = default!;
    /// <summary>Technical name, unique, [a-z0-9_]+; the `variable` of what it reads in participation payloads 2.0, `var_&lt;name&gt;` in 1.0.</summary>
    public string Name { get; set; } = default!;
    public string Label { get; set; } = default!;
    /// <summary>`answer`, `optin` or `form`.</summary>
    public string Type { get; set; } = default!;
    /// <summary>The question id (answer), opt-in id (optin) or form field id (form) it reads.</summary>
    public string SourceId { get; set; } = default!;
    /// <summary>Bumped by every saved change; the ETag of the resource.</summary>
    public int Version { get; set; }
}
