namespace WebhookConsole.MappingVariables;

/// <summary>What the mapping variable dialog edits; validated by the same <see cref="MappingVariableValidator"/> as the API.</summary>
public sealed class MappingVariableDialogModel
{
    public string? Id { get; init; }
    public string? Name { get; set; }
    public string? Label { get; set; }
    public string Type { get; set; } = MappingVariableTypes.Answer;
    public string? SourceId { get; set; }

    public bool IsNew => Id is null;

    public static MappingVariableDialogModel From(MappingVariable v) => new() { Id = v.Id, Name = v.Name, Label = v.Label, Type = v.Type, SourceId = v.SourceId };

    public MappingVariableRequest ToRequest() => new(Name, Label, Type, SourceId);

    public Dictionary<string, string[]> Validate() => MappingVariableValidator.Validate(ToRequest());
}
