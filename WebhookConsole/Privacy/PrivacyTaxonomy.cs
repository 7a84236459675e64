using Microsoft.Extensions.Compliance.Classification;

namespace WebhookConsole.Privacy;

/// <summary>Data classes of the console: personal data of participants and members gets <see cref="PersonalDataRedactor"/>.</summary>
public static class PrivacyTaxonomy
{
    public const string Name = "WebhookConsole";

    public static DataClassification Personal { get; } = new(Name, nameof(Personal));
}
