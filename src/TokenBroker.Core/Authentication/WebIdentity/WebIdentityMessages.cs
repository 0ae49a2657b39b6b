namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>AWS's wording for web identity failures where AWS has one (sts.md b.1, b.6; aws/aws-cli#7194; the InvalidIdentityToken model doc for Malformed; Expired as quoted from real STS answers in public issue logs).</summary>
internal static class WebIdentityMessages
{
    public const string KeyUnavailable =
        "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements";

    public const string IncorrectAudience = "Incorrect token audience";

    public const string Malformed = "The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.";

    public const string SignatureInvalid = "Signature validation failed";

    public const string UnsupportedAlgorithm = "Unsupported signing algorithm. Tokens must be signed using RS256, RS384, RS512, ES256, ES384 or ES512.";

    public const string InvalidTimestamps = "Timestamps in the web identity token must be formatted as either an integer or a long integer.";

    public const string NotYetValid = "The web identity token is not yet valid.";

    public const string IssuedInFuture = "The web identity token was issued in the future.";

    public const string LifetimeTooLong = "The web identity token is valid for more than 24 hours.";

    public const string MissingSubject = "The web identity token has no valid sub claim.";

    public const string Replayed = "The web identity token was already used.";

    public const string InvalidTags = "Invalid session tags in the web identity token.";

    public const string InvalidSourceIdentity =
        "Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\".";

    public const string InvalidRoles = "Invalid https://aws.amazon.com/roles claim in the web identity token.";

    public const string IncorrectAuthorizedParty = "Incorrect token authorized party";

    public static string NoProvider(string issuer) => "No OpenIDConnect provider found in your account for " + issuer;

    public static string Expired(long now, long exp) =>
        $"Token expired: current date/time {now} must be before the expiration date/time {exp}";
}
