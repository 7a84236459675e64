using Microsoft.Extensions.Compliance.Redaction;

namespace WebhookConsole.Privacy;

public static class PrivacyExtensions
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ErasureMatcher>();
        builder.Services.AddSingleton<ErasureService>();
        builder.Services.AddTransient<ErasureJob>();
        builder.Services.AddRedaction(r => r.SetRedactor<PersonalDataRedactor>(PrivacyTaxonomy.Personal));
        builder.Services.AddSingleton<PersonalDataMasker>();
        builder.Services.AddSingleton<MaskedPathService>();
        return builder;
    }
}
