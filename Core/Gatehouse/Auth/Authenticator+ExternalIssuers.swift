/// Tokens of trusted external issuers (SPEC §5 "External issuers"): a credential type of the one
/// authenticator, resolved to a principal with credential type `external_jwt`.
extension Authenticator {
    /// The message of a refused external token (which check failed is not answered).
    static let externalTokenRefusal = "Invalid or expired access token"

    /// The trusted issuer a bearer token names in its `iss`, when it is not Gatehouse's own. Nil for
    /// Gatehouse's tokens, and when no issuer is trusted (the payload is then not even read); an
    /// `iss` that names no trusted issuer is refused here, before any key is looked up or fetched.
    static func externalIssuer(of token: String, _ configuration: Configuration) -> ExternalIssuerMatch? {
        guard !configuration.trustedIssuers.isEmpty, let iss = CompactJWS.unverifiedIssuer(token),
            iss != configuration.issuer
        else { return nil }
        return configuration.trustedIssuers[iss].map(ExternalIssuerMatch.trusted) ?? .untrusted
    }

    /// Verifies an external token and maps its claims to a principal, then applies `X-App-Id`.
    static func authenticateExternal(
        _ token: String, issuer match: ExternalIssuerMatch, requestedApp: String?, configuration: Configuration,
        redis: RedisClient, now: Int64
    ) throws(AuthenticationFailure) -> Authenticated {
        let principal = try externalPrincipal(token, issuer: match, configuration: configuration, redis: redis, now: now)
        do {
            return Authenticated(principal: try AuthenticationPolicy.selectingApp(principal, requestedApp: requestedApp))
        } catch {
            throw AuthenticationFailure(error: error, credentialType: .externalJWT, tenant: principal.tenantID)
        }
    }

    /// The principal of an external token: 401 for any refused token, 503 (`unavailable`) when the
    /// issuer's keys cannot be obtained.
    static func externalPrincipal(
        _ token: String, issuer match: ExternalIssuerMatch, configuration: Configuration, redis: RedisClient, now: Int64
    ) throws(AuthenticationFailure) -> Principal {
        let refusal = AuthenticationFailure(
            error: .authentication(externalTokenRefusal), credentialType: .externalJWT)
        guard case .trusted(let issuer) = match else { throw refusal }
        let claims: JSONObject
        do {
            claims = try ExternalTokenVerifier.claims(
                of: token, issuer: issuer, redis: redis, mode: configuration.mode, now: now)
        } catch {
            guard error.reason == .keySetUnavailable else { throw refusal }
            throw AuthenticationFailure(
                error: .unavailable("The identity provider's keys are unavailable", retryAfter: 60),
                credentialType: .externalJWT)
        }
        do {
            return try issuer.mapping.principal(claims: claims)
        } catch {
            throw refusal
        }
    }
}
