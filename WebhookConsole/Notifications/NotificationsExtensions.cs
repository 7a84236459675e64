namespace WebhookConsole.Notifications;

public static class NotificationsExtensions
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OperationalNotifier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OperationalNotifier>());
        builder.Services.AddSingleton<Dispatch.IDeliveryAlerts, DeliveryAlerts>();
        return builder;
    }
}
