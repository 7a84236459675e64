namespace WebhookConsole.Privacy;

/// <summary>
/// Which JSON properties of payloads, events and receivers' answers hold personal data, whatever the payload version:
/// contact and identity fields by name at any depth, a member's name, every answer of the form, opt-ins and mapping
/// variables, the participant's IP address and browser (user agent). Ids stay readable: they are how support finds things.
/// </summary>
public static class PersonalFields
{
    /// <summary>Property names (lower case, without `_` and `-`) whose value is personal wherever they appear.</summary>
    private static readonly HashSet<string> Names =
    [
        "email", "emailaddress", "mail", "phone", "phonenumber", "mobile", "mobilephone", "telephone", "tel", "msisdn",
        "firstname", "lastname", "fullname", "givenname", "familyname", "surname", "birthdate", "dateofbirth", "birthday",
        "address", "street", "postcode", "zipcode", "ip", "ipaddress", "useragent", "browser",
    ];

    /// <summary>Containers whose values are all personal (answers and consents), apart from their descriptive keys.</summary>
    private static readonly HashSet<string> AnswerContainers = ["form", "optins", "variables", "leads", "answers", "responses"];

    /// <summary>Descriptive keys inside answer containers that say what was asked, not what was answered.</summary>
    private static readonly HashSet<string> Descriptive = ["id", "label", "type", "variable", "description", "categories", "questionid", "question", "name"];

    public static string Normalize(string name) => name.Replace("_", "").Replace("-", "").ToLowerInvariant();

    /// <summary>Is the value under <paramref name="name"/> personal, given its parent property name and whether it sits inside an answer container?</summary>
    public static bool IsPersonal(string name, string? parent, bool inAnswers)
    {
        var n = Normalize(name);
        if (Names.Contains(n)) return true;
        if (n == "name" && parent is not null && Normalize(parent) is "member" or "participant" or "user" or "customer" or "contact") return true;
        return inAnswers && !Descriptive.Contains(n);
    }

    public static bool IsAnswerContainer(string name) => AnswerContainers.Contains(Normalize(name));
}
