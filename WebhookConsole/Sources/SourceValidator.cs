using System.Text.RegularExpressions;

namespace WebhookConsole.Sources;

/// <summary>The one set of rules for sources, used by the API and the UI alike. Keys are the API's field names.</summary>
public static partial class SourceValidator
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    public static Dictionary<string, string[]> Validate(WebsiteRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        CheckId(errors, "id", r.Id);
        CheckName(errors, "name", r.Name);
        if (string.IsNullOrWhiteSpace(r.Domain)) errors["domain"] = ["Domain is required."];
        else if (!DomainPattern().IsMatch(r.Domain.Trim().ToLowerInvariant())) errors["domain"] = ["Domain must be a host name such as example.com (no scheme or path)."];
        if (string.IsNullOrWhiteSpace(r.Country)) errors["country"] = ["Country is required."];
        else if (!CountryPattern().IsMatch(r.Country.Trim().ToUpperInvariant())) errors["country"] = ["Country must be a two-letter ISO 3166 code such as BE."];
        return errors;
    }

    public static Dictionary<string, string[]> Validate(CampaignRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        CheckId(errors, "id", r.Id);
        if (string.IsNullOrWhiteSpace(r.WebsiteId)) errors["websiteId"] = ["Website is required."];
        CheckName(errors, "name", r.Name);
        if (string.IsNullOrWhiteSpace(r.Type)) errors["type"] = ["Type is required."];
        else if (r.Type.Trim().Length > 64) errors["type"] = ["Type must be at most 64 characters."];
        return errors;
    }

    public static Dictionary<string, string[]> Validate(ProgramRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        CheckId(errors, "id", r.Id);
        CheckName(errors, "name", r.Name);
        return errors;
    }

    private static void CheckId(Dictionary<string, string[]> errors, string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) errors[field] = ["Id is required."];
        else if (!IdPattern().IsMatch(id.Trim())) errors[field] = ["Id must be 1–64 letters, digits or _ . : - and start with a letter or digit."];
    }

    private static void CheckName(Dictionary<string, string[]> errors, string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) errors[field] = ["Name is required."];
        else if (name.Trim().Length > 200) errors[field] = ["Name must be at most 200 characters."];
        else if (name.Any(char.IsControl)) errors[field] = ["Name must not contain control characters."];
    }
}
