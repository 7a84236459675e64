using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;
using WebhookConsole.EventLogs;

namespace WebhookConsole.Components;

public static class ComponentsExtensions
{
    /// <summary>ASP.NET Core's switch for re-reading static assets from disk at run time (its hot-reload support).</summary>
    private const string ReloadStaticAssetsKey = "ReloadStaticAssetsAtRuntime";

    public static WebApplicationBuilder AddConsoleUi(this WebApplicationBuilder builder)
    {
        // Run from a build folder (not a publish), static assets default to hot-reload support, whose catch-all route
        // checks the disk for a file on every request, API calls included. Only development wants that.
        if (!builder.Environment.IsDevelopment() && builder.Configuration[ReloadStaticAssetsKey] is null)
            builder.Configuration[ReloadStaticAssetsKey] = "false";
        // Run from a build folder outside Development, the framework's and MudBlazor's files (in the NuGet cache, not the
        // folder) are found only through the build's static-assets manifest, which ASP.NET Core loads by itself only in
        // Development: without it they were answered 200 with empty bodies. A publish has no such manifest (nor needs it).
        if (!builder.Environment.IsDevelopment() && BuildStaticAssets.Usable(StaticAssetsManifest(builder.Environment)))
            builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(o =>
        {
            // Top right, below the app bar (app.css): at the bottom they covered the sticky Save and Delete buttons.
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.TopRight;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        return builder;
    }

    private static string StaticAssetsManifest(IWebHostEnvironment environment) =>
        Path.Combine(AppContext.BaseDirectory, $"{environment.ApplicationName}.staticwebassets.runtime.json");

    public static WebApplication MapConsoleUi(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
            ServeUnknownFileTypes = false,
        });
        app.MapStaticAssets();
        app.MapEventLogsUi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
