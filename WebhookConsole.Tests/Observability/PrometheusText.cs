using System.Globalization;

namespace WebhookConsole.Tests.Observability;

/// <summary>Reads one sample out of Prometheus text exposition: the sum over the series of a name whose labels include all given pairs.</summary>
public static class PrometheusText
{
    public static double Value(string text, string name, params (string Label, string Value)[] labels)
    {
        var total = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal)) continue;
            var rest = line[name.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' ')) continue; // another metric sharing the prefix
            var labelText = rest[0] == '{' ? rest[..(rest.IndexOf('}') + 1)] : "";
            if (!labels.All(l => labelText.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal))) continue;
            var value = rest[labelText.Length..].Trim().Split(' ')[0];
            total += double.Parse(value, CultureInfo.InvariantCulture);
        }
        return total;
    }

    public static bool Has(string text, string name) => text.Split('\n').Any(l => l.StartsWith(name, StringComparison.Ordinal));
}
