/// What the `iss` of a bearer token that is not Gatehouse's names.
enum ExternalIssuerMatch {
    /// A configured issuer.
    case trusted(TrustedIssuer)
    /// An issuer that is not configured: refused without any key lookup.
    case untrusted
}
