using MudBlazor;

namespace WebhookConsole.Components.Layout;

public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5",
            Secondary = "#64748b",
            AppbarBackground = "#1e1b4b",
            AppbarText = "#ffffff",
            Background = "#f8fafc",
            DrawerBackground = "#ffffff",
            DrawerText = "#334155",
            DrawerIcon = "#64748b",
            Success = "#16a34a",
            Error = "#dc2626",
            Warning = "#d97706",
            Info = "#0284c7",
            TextPrimary = "#0f172a",
            TextSecondary = "#64748b",
            LinesDefault = "#e2e8f0",
            TableLines = "#e2e8f0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px", DrawerWidthLeft = "248px" },
    };
}
