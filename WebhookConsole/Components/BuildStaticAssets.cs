using System.Text.Json;

namespace WebhookConsole.Components;

/// <summary>
/// Whether a build folder's static-assets manifest can be loaded: it names the folders the files live in (the source
/// tree, the build's obj folder, the NuGet cache), and loading it with one of them gone stops the console at start. A
/// build folder copied away from its source tree then starts without them, as before.
/// </summary>
public static class BuildStaticAssets
{
    public static bool Usable(string manifestPath)
    {
        if (!File.Exists(manifestPath)) return false;
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            return manifest.RootElement.TryGetProperty("ContentRoots", out var roots)
                && roots.ValueKind == JsonValueKind.Array
                && roots.EnumerateArray().All(root => root.GetString() is { Length: > 0 } path && Directory.Exists(path));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
