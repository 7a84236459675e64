using System.Text.Json;
using WebhookConsole.Components;

namespace WebhookConsole.Tests.Components;

/// <summary>A build folder's static-assets manifest is loaded only when every folder it names is there.</summary>
[Trait("Lane", "Unit")]
public sealed class BuildStaticAssetsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wc-assets-").FullName;

    private string Manifest(params string[] roots)
    {
        var path = Path.Combine(folder, "app.staticwebassets.runtime.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { ContentRoots = roots, Root = new { Children = new { } } }));
        return path;
    }

    [Fact]
    public void A_manifest_whose_folders_all_exist_is_used() =>
        Assert.True(BuildStaticAssets.Usable(Manifest(folder, Path.GetTempPath())));

    [Fact]
    public void A_manifest_naming_a_folder_that_is_gone_is_not_used() =>
        Assert.False(BuildStaticAssets.Usable(Manifest(folder, Path.Combine(folder, "gone", "obj"))));

    [Fact]
    public void No_manifest_or_an_unreadable_one_is_not_used()
    {
        Assert.False(BuildStaticAssets.Usable(Path.Combine(folder, "missing.json")));
        var broken = Path.Combine(folder, "broken.json");
        File.WriteAllText(broken, "{ not json");
        Assert.False(BuildStaticAssets.Usable(broken));
    }

    /// <summary>The manifest this test project's own build wrote beside the console: the real format, all folders present.</summary>
    [Fact]
    public void The_console_s_own_build_manifest_is_used() =>
        Assert.True(BuildStaticAssets.Usable(Path.Combine(AppContext.BaseDirectory, "WebhookConsole.staticwebassets.runtime.json")));

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
