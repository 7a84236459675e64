namespace WebhookConsole.Dispatch;

public static class DispatchExtensions
{
    public static WebApplicationBuilder AddDispatch(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDeliveryQueue, PendingDispatcherQueue>();
        return builder;
    }

    public static WebApplication MapDispatch(this WebApplication app)
    {
        return app;
    }
}
