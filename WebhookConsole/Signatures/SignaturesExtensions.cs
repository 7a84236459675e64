namespace WebhookConsole.Signatures;

public static class SignaturesExtensions
{
    public static WebApplicationBuilder AddSignatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SignatureService>();
        return builder;
    }
}
