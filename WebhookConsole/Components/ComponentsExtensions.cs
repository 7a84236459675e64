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
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(o =>
        {
            // Top right, below the app bar (app.css): at the bottom they covered the sticky Save and Delete buttons.
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.TopRight;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        return builder;
    }

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
