using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Api;
using WebhookConsole.Identity;

namespace WebhookConsole.Sources;

internal static class SourcesApi
{
    public static RouteGroupBuilder MapSourcesApi(this RouteGroupBuilder api)
    {
        var websites = api.MapGroup("/websites").WithTags("Sources");
        websites.MapGet("/", async (SourceService s, CancellationToken ct) => TypedResults.Ok((await s.WebsitesAsync(ct)).Select(WebsiteDto.From).ToList()));
        websites.MapPost("/", async Task<Created<WebsiteDto>> (WebsiteRequest r, SourceService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var w = await s.SaveWebsiteAsync(r, isNew: true, CurrentActor.Of(u), ct);
            return TypedResults.Created($"/api/v1/websites/{w.Id}", WebsiteDto.From(w));
        }).RequireAuthorization(Policies.Admin);
        websites.MapGet("/{id}", async (string id, SourceService s, HttpContext http, CancellationToken ct) => TypedResults.Ok(Tag(http, await s.GetAsync<Website>(id, ct))));
        websites.MapPut("/{id}", async (string id, WebsiteRequest r, SourceService s, ClaimsPrincipal u, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(Tag(http, await s.SaveWebsiteAsync(r with { Id = id }, isNew: false, CurrentActor.Of(u), ct, ETags.IfMatch(http.Request)))))
            .RequireAuthorization(Policies.Admin);
        websites.MapDelete("/{id}", async (string id, SourceService s, ClaimsPrincipal u, HttpRequest request, CancellationToken ct) =>
        {
            await s.DeleteWebsiteAsync(id, CurrentActor.Of(u), ct, ETags.IfMatch(request));
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Admin);

        var campaigns = api.MapGroup("/campaigns").WithTags("Sources");
        campaigns.MapGet("/", async (string? websiteId, SourceService s, CancellationToken ct) => TypedResults.Ok((await s.CampaignsAsync(websiteId, ct)).Select(CampaignDto.From).ToList()));
        campaigns.MapPost("/", async Task<Created<CampaignDto>> (CampaignRequest r, SourceService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var c = await s.SaveCampaignAsync(r, isNew: true, CurrentActor.Of(u), ct);
            return TypedResults.Created($"/api/v1/campaigns/{c.Id}", CampaignDto.From(c));
        }).RequireAuthorization(Policies.Admin);
        campaigns.MapGet("/{id}", async (string id, SourceService s, HttpContext http, CancellationToken ct) => TypedResults.Ok(Tag(http, await s.GetAsync<Campaign>(id, ct))));
        campaigns.MapPut("/{id}", async (string id, CampaignRequest r, SourceService s, ClaimsPrincipal u, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(Tag(http, await s.SaveCampaignAsync(r with { Id = id }, isNew: false, CurrentActor.Of(u), ct, ETags.IfMatch(http.Request)))))
            .RequireAuthorization(Policies.Admin);
        campaigns.MapDelete("/{id}", async (string id, SourceService s, ClaimsPrincipal u, HttpRequest request, CancellationToken ct) =>
        {
            await s.DeleteCampaignAsync(id, CurrentActor.Of(u), ct, ETags.IfMatch(request));
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Admin);

        var programs = api.MapGroup("/programs").WithTags("Sources");
        programs.MapGet("/", async (SourceService s, CancellationToken ct) => TypedResults.Ok((await s.ProgramsAsync(ct)).Select(ProgramDto.From).ToList()));
        programs.MapPost("/", async Task<Created<ProgramDto>> (ProgramRequest r, SourceService s, ClaimsPrincipal u, CancellationToken ct) =>
        {
            var p = await s.SaveProgramAsync(r, isNew: true, CurrentActor.Of(u), ct);
            return TypedResults.Created($"/api/v1/programs/{p.Id}", ProgramDto.From(p));
        }).RequireAuthorization(Policies.Admin);
        programs.MapGet("/{id}", async (string id, SourceService s, HttpContext http, CancellationToken ct) => TypedResults.Ok(Tag(http, await s.GetAsync<LoyaltyProgram>(id, ct))));
        programs.MapPut("/{id}", async (string id, ProgramRequest r, SourceService s, ClaimsPrincipal u, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(Tag(http, await s.SaveProgramAsync(r with { Id = id }, isNew: false, CurrentActor.Of(u), ct, ETags.IfMatch(http.Request)))))
            .RequireAuthorization(Policies.Admin);
        programs.MapDelete("/{id}", async (string id, SourceService s, ClaimsPrincipal u, HttpRequest request, CancellationToken ct) =>
        {
            await s.DeleteProgramAsync(id, CurrentActor.Of(u), ct, ETags.IfMatch(request));
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Admin);
        return api;
    }

    private static WebsiteDto Tag(HttpContext http, Website w) => http.Tagged(WebsiteDto.From(w), w.Version);
    private static CampaignDto Tag(HttpContext http, Campaign c) => http.Tagged(CampaignDto.From(c), c.Version);
    private static ProgramDto Tag(HttpContext http, LoyaltyProgram p) => http.Tagged(ProgramDto.From(p), p.Version);
}
