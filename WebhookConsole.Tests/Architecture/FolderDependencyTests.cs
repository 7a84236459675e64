using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Microsoft.AspNetCore.Components;
using WebhookConsole.Data;

namespace WebhookConsole.Tests.Architecture;

/// <summary>
/// The feature folders (top-level namespaces of the app; <c>Components.Shared</c>, <c>Components.Layout</c>… count apart,
/// so shared UI is not lumped with the shell) must not depend on each other in a cycle, and Razor components must not
/// open the database themselves. Dependencies are read from the compiled code, so a type named only in a comment does not count.
/// </summary>
[Trait("Lane", "Unit")]
public class FolderDependencyTests
{
    private static readonly Lazy<ArchUnitNET.Domain.Architecture> App = new(() =>
        new ArchLoader().LoadAssemblies(typeof(AppDbContext).Assembly).Build());

    [Fact]
    public void Feature_folders_depend_on_each_other_without_cycles()
    {
        var edges = FolderEdges();
        var remaining = edges.Keys.ToList();
        Assert.NotEmpty(remaining);
        var cycles = StronglyConnected(remaining).Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, "Feature folders in a dependency cycle: " + string.Join("; ", cycles.Select(c => string.Join(", ", c.Order())))
            + "\nEdges among them:\n" + string.Join("\n", remaining.Where(e => cycles.Any(c => c.Contains(e.From) && c.Contains(e.To)))
                .OrderBy(e => e.From).ThenBy(e => e.To).Select(e => $"{e.From} → {e.To}: {string.Join(", ", edges[e].Take(3))}")));
    }

    [Fact]
    public void The_domain_uses_no_other_folder()
    {
        var outgoing = FolderEdges().Where(e => e.Key.From == "Domain").Select(e => $"{e.Key.To} ({string.Join(", ", e.Value.Take(3))})").ToList();
        Assert.True(outgoing.Count == 0, "Domain (the entities and their constants) is below every folder, yet uses: " + string.Join("; ", outgoing));
    }

    [Fact]
    public void Razor_components_do_not_use_the_DbContext()
    {
        var components = typeof(AppDbContext).Assembly.GetTypes().Where(t => typeof(ComponentBase).IsAssignableFrom(t)).Select(t => t.FullName!).ToHashSet();
        Assert.NotEmpty(components);
        // A component's lambdas and state machines are nested types of it: they count as the component.
        var offenders = App.Value.Types
            .Where(t => components.Contains(t.FullName.Split('+')[0]))
            .Where(t => t.Dependencies.Any(d => d.Target.FullName == typeof(AppDbContext).FullName))
            .Select(t => t.FullName.Split('+')[0])
            // Injected as a field or property (IDbContextFactory<AppDbContext> names it only as a generic argument).
            .Concat(typeof(AppDbContext).Assembly.GetTypes().Where(t => typeof(ComponentBase).IsAssignableFrom(t))
                .Where(t => t.GetFields(Members).Select(f => f.FieldType).Concat(t.GetProperties(Members).Select(p => p.PropertyType)).Any(NamesDbContext))
                .Select(t => t.FullName!))
            .Distinct().Order().ToList();
        Assert.True(offenders.Count == 0, "Components that use AppDbContext (go through a service of the feature instead): " + string.Join(", ", offenders));
    }

    private const System.Reflection.BindingFlags Members =
        System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly;

    private static bool NamesDbContext(System.Type type) =>
        typeof(AppDbContext).IsAssignableFrom(type) || type.IsGenericType && type.GetGenericArguments().Any(NamesDbContext);

    /// <summary>Folder of a namespace: <c>WebhookConsole.X</c> → X; <c>WebhookConsole.Components.Y</c> → Components.Y; <c>WebhookConsole</c> → (root).</summary>
    private static string? FolderOf(IType type)
    {
        var ns = type.Namespace?.FullName ?? "";
        if (ns == "WebhookConsole") return "(root)";
        if (!ns.StartsWith("WebhookConsole.", StringComparison.Ordinal)) return null;
        var parts = ns.Split('.');
        return parts[1] == "Components" && parts.Length > 2 ? "Components." + parts[2] : parts[1];
    }

    private static Dictionary<(string From, string To), SortedSet<string>> FolderEdges()
    {
        var edges = new Dictionary<(string, string), SortedSet<string>>();
        foreach (var type in App.Value.Types)
        {
            if (FolderOf(type) is not { } from) continue;
            foreach (var dependency in type.Dependencies)
            {
                // A generic parameter (T) belongs to no folder: ArchUnitNET can report it under another declarer's namespace.
                if (dependency.Target is GenericParameter || FolderOf(dependency.Target) is not { } to || to == from) continue;
                if (!edges.TryGetValue((from, to), out var examples)) edges[(from, to)] = examples = new(StringComparer.Ordinal);
                examples.Add($"{type.Name.Split('+')[0]}→{dependency.Target.Name.Split('+')[0]}");
            }
        }
        return edges;
    }

    /// <summary>Tarjan's strongly connected components: any with two or more folders is a cycle.</summary>
    private static List<List<string>> StronglyConnected(IReadOnlyList<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order().ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        foreach (var node in nodes)
            if (!index.ContainsKey(node)) Visit(node);
        return result;

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out var wIndex)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (stack.Contains(w)) low[v] = Math.Min(low[v], wIndex);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string popped;
            do { popped = stack.Pop(); component.Add(popped); } while (popped != v);
            result.Add(component);
        }
    }
}
