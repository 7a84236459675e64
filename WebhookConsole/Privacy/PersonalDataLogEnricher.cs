using Serilog.Core;
using Serilog.Events;

namespace WebhookConsole.Privacy;

/// <summary>
/// The last line of defence for logs, for every sink: an e-mail address in any logged value is masked by the personal-data
/// redactor (`j•••@example.com`). Log statements log ids, never payloads or bodies; this catches an address that slips
/// into a value anyway (a receiver's error text). Staff sign-in names (`Email`) stay: they are the security trail of
/// who signed in, not data of participants.
/// </summary>
internal sealed class PersonalDataLogEnricher : ILogEventEnricher
{
    private const string StaffAccount = "Email";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
            if (name != StaffAccount && value is ScalarValue { Value: string text } && text.Contains('@')
                && PayloadMasker.Default.MaskText(text, []) is { } masked && masked != text)
                (changed ??= []).Add(new LogEventProperty(name, new ScalarValue(masked)));
        if (changed is null) return;
        foreach (var property in changed) logEvent.AddOrUpdateProperty(property);
    }
}
