using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Hosting;

/// <summary>
/// Started from its build folder (not a publish) in Production, the console still serves the scripts and styles the UI
/// loads: the framework's and MudBlazor's come from outside the folder, through the build's static-assets manifest.
/// </summary>
[Trait("Lane", "Process")]
public class StaticAssetsProcessTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task The_ui_scripts_and_styles_are_served_from_a_build_folder(string environment)
    {
        var database = Path.Combine(Path.GetTempPath(), $"wc-assets-{Guid.NewGuid():N}.db");
        await using var app = await AppProcess.StartInAsync(environment, database);
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        foreach (var (path, type) in new[]
        {
            ("/_framework/blazor.web.js", "text/javascript"),
            ("/_content/MudBlazor/MudBlazor.min.js", "text/javascript"),
            ("/_content/MudBlazor/MudBlazor.min.css", "text/css"),
            ("/app.css", "text/css"),
        })
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode}");
            Assert.True(body.Length > 1_000, $"{path}: {body.Length} bytes");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
    }
}
