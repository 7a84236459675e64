using Microsoft.Extensions.Options;

namespace WebhookConsole.Dispatch;

public static class DeliveryOptionsSetup
{
    /// <summary>
    /// Binds `Delivery:*` and validates it when the host starts. Private networks are allowed by default in Development
    /// (receivers on localhost), set before binding so configuration still decides. Services take the bound
    /// <see cref="DeliveryOptions"/> itself: it never changes while the process runs.
    /// </summary>
    public static OptionsBuilder<DeliveryOptions> AddDeliveryOptions(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value);
        return services.AddOptions<DeliveryOptions>()
            .Configure(o => o.AllowPrivateNetworks = isDevelopment)
            .Bind(configuration.GetSection(DeliveryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
