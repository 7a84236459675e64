using WebhookConsole.MappingVariables;

namespace WebhookConsole.Routing.Payloads;

/// <summary>The mapping variables by what they read: (type, question / form field / opt-in id) → technical name.</summary>
public sealed class MappingVariableNames
{
    public static readonly MappingVariableNames None = new([]);
    private readonly Dictionary<(string, string), string> names = new();

    public MappingVariableNames(IEnumerable<MappingVariable> variables)
    {
        All = variables.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        // Two variables on the same source: the first by name wins, so the payload does not depend on storage order.
        foreach (var v in All) names.TryAdd((v.Type, v.SourceId), v.Name);
    }

    public IReadOnlyList<MappingVariable> All { get; }

    public string? Of(string type, string sourceId) => names.GetValueOrDefault((type, sourceId));
}
