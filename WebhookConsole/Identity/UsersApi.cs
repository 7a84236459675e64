using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WebhookConsole.Identity;

/// <summary>`/api/v1/users` (Admin): list, create, read, change (role, disabled, unlock, password reset), delete; all audited.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapGet("/", async (UserAdminService s, CancellationToken ct) => TypedResults.Ok((await s.ListAsync(ct)).Select(UserDto.Of).ToList()))
            .WithSummary("List users");
        group.MapGet("/{id}", async (string id, UserAdminService s, CancellationToken ct) => TypedResults.Ok(UserDto.Of(await s.GetAsync(id, ct))))
            .WithSummary("Get a user");
        group.MapPost("/", async Task<Created<UserDto>> (UserCreateRequest r, UserAdminService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var user = await s.CreateAsync(new NewUser(r.Email ?? "", r.Password ?? "", RolesOf(r.Role, r.Roles) ?? [], r.MustChangePassword ?? true),
                    CurrentActor.Of(u), ct);
                return TypedResults.Created($"/api/v1/users/{user.Id}", UserDto.Of(await s.GetAsync(user.Id, ct)));
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a user")
            .WithDescription("`{email, password, role | roles, mustChangePassword?}`: password at least 10 characters with upper and lower case and a digit; " +
                             "the user must choose a new one at first sign-in unless `mustChangePassword` is false. A known e-mail is a 409.");
        group.MapPatch("/{id}", async (string id, UserPatchRequest r, UserAdminService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var actor = CurrentActor.Of(u);
                if (RolesOf(r.Role, r.Roles) is { } roles) await s.SetRolesAsync(id, roles, actor, ct);
                if (r.Disabled is { } disabled) await s.SetDisabledAsync(id, disabled, actor, ct);
                if (r.Unlock == true) await s.UnlockAsync(id, actor, ct);
                if (r.Password is not null) await s.ResetPasswordAsync(id, r.Password, actor, ct);
                return TypedResults.Ok(UserDto.Of(await s.GetAsync(id, ct)));
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Change a user: role, disabled, unlock, password reset")
            .WithDescription("`{role | roles, disabled, unlock: true, password}`, each optional. A role change, disabling and a password reset end the user's " +
                             "open sessions within seconds; a reset also requires a new password at next sign-in. The last enabled admin cannot be " +
                             "disabled or demoted (409), and nobody can disable themselves.");
        group.MapDelete("/{id}", async (string id, UserAdminService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, CurrentActor.Of(u), ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a user (not yourself, not the last enabled admin)");
        return api;
    }

    private static IReadOnlyList<string>? RolesOf(string? role, IReadOnlyList<string>? roles) =>
        roles is not null ? roles : role is not null ? [role] : null;
}
