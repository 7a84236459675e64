using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace WebhookConsole.Hosting;

/// <summary>
/// Escapes control characters in every string logged as a property, for every sink: a newline in a typed e-mail or
/// a header must not start what looks like a log line of its own.
/// </summary>
internal sealed class LogValueEscaper : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
            if (value is ScalarValue { Value: string text } && text.Any(char.IsControl))
                (changed ??= []).Add(new LogEventProperty(name, new ScalarValue(Escape(text))));
        if (changed is null) return;
        foreach (var property in changed) logEvent.AddOrUpdateProperty(property);
    }

    internal static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return builder.ToString();
    }
}
