using System.Text;
using WebhookConsole.Identity;

namespace WebhookConsole.Signatures;

/// <summary>`POST /api/v1/signatures/verify` (Admin, Support): check a request's signatures against a secret.</summary>
internal static class SignaturesApi
{
    public static RouteGroupBuilder MapSignaturesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/signatures/verify", (SignatureVerifyRequest r, SignatureService s) =>
            {
                var errors = SignatureService.Validate(r.Secret, r.Body, r.Headers, s.SignatureHeader);
                if (errors.Count > 0) throw new ValidationException(errors);
                return TypedResults.Ok(s.Verify(r.Secret!, Encoding.UTF8.GetBytes(r.Body!), r.Headers!));
            })
            .RequireAuthorization(Policies.Support)
            .WithTags("Signatures")
            .ProducesValidationProblem()
            .WithSummary("Check a request's signatures against a secret")
            .WithDescription("`{secret, body, headers}`: `body` is the raw body as received (its UTF-8 bytes are what was signed), `headers` an object of the request's headers. " +
                             "Answers, for `X-Qualifio-Signature` (`qualifio`) and for Standard Webhooks (`standardWebhooks`): `valid`, the `expected` value, `received`, " +
                             "what was signed (`bodyLength`; `signedMessage` = `id.timestamp.body`), whether the timestamp is within 5 minutes, and `diagnoses` naming the likely cause " +
                             "(re-serialised JSON, trimmed whitespace, wrong key form, timestamp outside 5 minutes). The secret is never echoed.");
        return api;
    }
}
