using System.Text.Encodings.Web;
using System.Text.Json;

namespace WebhookConsole.Routing.Payloads;

internal static class PayloadWriter
{
    /// <summary>Compact UTF-8 JSON; non-ASCII text stays readable (the body is never embedded in HTML).</summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Time(this Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, WireTime.Format(value.Value));
    }

    public static void StringOrNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    public static void NumberOrNull(this Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteNumber(name, Normalize(value.Value));
    }

    /// <summary>Writes <paramref name="name"/> as the sender gave it in <paramref name="source"/> (a number stays a number), else <paramref name="otherwise"/>.</summary>
    public static void CopyOr(this Utf8JsonWriter w, JsonElement source, string name, Action<Utf8JsonWriter> otherwise) =>
        w.CopyOr(source, name, name, otherwise);

    /// <summary>As <see cref="CopyOr(Utf8JsonWriter, JsonElement, string, Action{Utf8JsonWriter})"/>, reading <paramref name="from"/> (an earlier name).</summary>
    public static void CopyOr(this Utf8JsonWriter w, JsonElement source, string name, string from, Action<Utf8JsonWriter> otherwise)
    {
        if (source.ValueKind == JsonValueKind.Object && source.TryGetProperty(from, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
        else otherwise(w);
    }

    /// <summary>Every property of <paramref name="source"/> not in <paramref name="handled"/>, unchanged and in the sender's order.</summary>
    public static void CopyRest(this Utf8JsonWriter w, JsonElement source, IReadOnlySet<string> handled)
    {
        if (source.ValueKind != JsonValueKind.Object) return;
        foreach (var property in source.EnumerateObject())
            if (!handled.Contains(property.Name)) property.WriteTo(w);
    }

    public static JsonElement Child(this JsonElement source, string name) =>
        source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var child) ? child : default;

    /// <summary>7.50 → 7.5, 10.0 → 10: the number the platform meant, not the scale it happened to send.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
