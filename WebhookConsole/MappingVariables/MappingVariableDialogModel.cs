namespace WebhookConsole.MappingVariables;

/// <summary>What the mapping variable dialog edits; validated by the same <see cref="MappingVariableValidator"/> as the API.</summary>
public sealed class MappingVariableDialogModel
{
    public string? Id { get; init; }
    public string? Name { get; set; }
    public string? Label { get; set; }
    public string Type { get; set; } = MappingVariableTypes.Answer;
    public string? SourceId { get; set; }
    /// <summary>The version the dialog was opened on; a save refuses to overwrite a newer one unless the user chose to.</summary>
    public int? Version { get; set; }

    public bool IsNew => Id is null;

    public static MappingVariableDialogModel From(MappingVariable v) => new() { Id = v.Id, Name = v.Name, Label = v.Label, Type = v.Type, SourceId = v.SourceId, Version = v.Version };

    public MappingVariableRequest ToRequest() => new(Name, Label, Type, SourceId);

    public Dictionary<string, string[]> Validate() => MappingVariableValidator.Validate(ToRequest());
}
