using Microsoft.AspNetCore.Identity;

namespace WebhookConsole.Identity;

/// <summary>
/// Password sign-in that costs the same whether or not the e-mail has an account, or the account is locked: every
/// attempt verifies one password hash, so response times do not reveal which addresses exist.
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher)
{
    private static readonly AppUser Decoy = new();
    private static string? decoyHash;

    /// <summary>After a successful sign-in: the password was set by an admin and must be changed first.</summary>
    public bool MustChangePassword { get; private set; }

    public async Task<SignInResult> SignInAsync(string email, string password, bool remember)
    {
        var user = await users.FindByNameAsync(email);
        if (user is null)
        {
            VerifyDecoy(password);
            return SignInResult.Failed;
        }
        if (user.Disabled)
        {
            // Disabled by an admin: refused like a wrong password, and wrong guesses do not count towards a lockout.
            VerifyDecoy(password);
            return SignInResult.NotAllowed;
        }
        if (await users.IsLockedOutAsync(user))
        {
            // SignInManager answers a locked account before hashing anything; hash anyway.
            VerifyDecoy(password);
            return SignInResult.LockedOut;
        }
        var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        MustChangePassword = result.Succeeded && user.MustChangePassword;
        return result;
    }

    private void VerifyDecoy(string password)
    {
        var hash = decoyHash ??= hasher.HashPassword(Decoy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        hasher.VerifyHashedPassword(Decoy, hash, password);
    }
}
