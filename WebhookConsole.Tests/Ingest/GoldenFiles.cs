using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WebhookConsole.Tests.Ingest;

/// <summary>Published examples kept in the test project (Ingest/Golden), read as embedded resources.</summary>
public static class GoldenFiles
{
    /// <summary>Qualifio's participation webhook example (schema 2.3.0) as published, through the questionnaire.</summary>
    public static string QualifioExample => Read("qualifio-webhook-2.3.0-example.json");

    public static string Read(string name)
    {
        using var stream = typeof(GoldenFiles).Assembly.GetManifestResourceStream("Golden/" + name)
            ?? throw new FileNotFoundException("Golden file not embedded: " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The JSON without its indentation, as a payload writes it (non-ASCII text unescaped).</summary>
    public static string Compact(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
