using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;
using WebhookConsole.EventLogs;

namespace WebhookConsole.Components;

public static class ComponentsExtensions
{
    public static WebApplicationBuilder AddConsoleUi(this WebApplicationBuilder builder)
    {
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
