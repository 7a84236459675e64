using System.Text.RegularExpressions;

namespace WebhookConsole.MappingVariables;

/// <summary>Body of POST and PUT /api/v1/mapping-variables.</summary>
public sealed record MappingVariableRequest(string? Name, string? Label, string? Type, string? SourceId);

public sealed record MappingVariableDto(string Id, string Name, string Label, string Type, string SourceId)
{
    /// <summary>Bumped by every change; the ETag of the variable, to send back in If-Match.</summary>
    public int Version { get; init; }

    public static MappingVariableDto From(MappingVariable v) => new(v.Id, v.Name, v.Label, v.Type, v.SourceId) { Version = v.Version };
}

/// <summary>The one set of rules for mapping variables, used by the API and the dialog alike. Keys are the API's field names.</summary>
public static partial class MappingVariableValidator
{
    public const int MaxNameLength = 64;

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex NamePattern();

    public static Dictionary<string, string[]> Validate(MappingVariableRequest r)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = r.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["name"] = ["Technical name is required."];
        else if (name.Length > MaxNameLength) errors["name"] = [$"Technical name must be at most {MaxNameLength} characters."];
        else if (!NamePattern().IsMatch(name)) errors["name"] = ["Technical name may hold only lowercase letters, digits and _ (e.g. favourite_colour)."];
        if (string.IsNullOrWhiteSpace(r.Label)) errors["label"] = ["Label is required."];
        else if (r.Label.Trim().Length > 200) errors["label"] = ["Label must be at most 200 characters."];
        else if (r.Label.Any(char.IsControl)) errors["label"] = ["Label must not contain control characters."];
        var type = r.Type?.Trim();
        if (string.IsNullOrEmpty(type)) errors["type"] = ["Type is required: answer, optin or form."];
        else if (!MappingVariableTypes.All.Contains(type, StringComparer.Ordinal))
            errors["type"] = [$"Unknown type '{type}'. Use answer (reads a question), optin (reads an opt-in) or form (reads a form field)."];
        var source = r.SourceId?.Trim();
        var what = type switch { MappingVariableTypes.Optin => "opt-in", MappingVariableTypes.Form => "form field", _ => "question" };
        if (string.IsNullOrEmpty(source)) errors["sourceId"] = [$"The {what} id is required."];
        else if (source.Length > 64) errors["sourceId"] = [$"The {what} id must be at most 64 characters."];
        return errors;
    }
}
