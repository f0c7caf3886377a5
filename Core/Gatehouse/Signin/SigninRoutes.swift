/// The `signin` function: an API key exchanged for a short-lived access token for one of the
/// tenant's users, in the three shapes of SPEC §4.
public enum SigninRoutes {
    /// RFC 8693's grant type.
    static let tokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange"
    /// The token type naming a Gatehouse API key as the subject token.
    static let apiKeyTokenType = "urn:gatehouse:token-type:api-key"
    /// The token type naming a JWT of a trusted external issuer as the subject token (RFC 8693 §3).
    static let jwtTokenType = "urn:ietf:params:oauth:token-type:jwt"
    /// The token type of the issued access token.
    static let accessTokenType = "urn:ietf:params:oauth:token-type:access_token"

    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .signinWithAPIKey: signinWithAPIKey,
        .tokenExchange: tokenExchange,
        .tenantTokenExchange: tokenExchange,
    ]

    // MARK: Seed 000

    /// `POST /v1/{org}/user/signin_with_api_key` → `{"id_token", "jwt", "expires_at"}`.
    static func signinWithAPIKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        try audited(request, context) { audit in try signinWithAPIKey(request, context, audit: audit) }
    }

    static func signinWithAPIKey(_ request: APIRequest, _ context: HandlerContext, audit: AuditEvent) throws -> APIResponse {
        let org = context.parameters["org"] ?? ""
        guard Identifier.isTenant(org) else {
            throw GatehouseError.validation("The organization path parameter is not a valid id", field: "org")
        }
        let key = try presentedAPIKey(request)
        guard let userID = request.headers["x-user-id"]?.trimmingASCIIWhitespace(), !userID.isEmpty else {
            throw GatehouseError.authentication("Missing x-user-id header")
        }
        let keyID = request.headers["x-api-key-id"]?.trimmingASCIIWhitespace()
        let (token, headers) = try exchange(
            key, keyID: keyID, tenant: org, userID: userID, audit: audit, context: context)
        return .json(
            200,
            [
                "id_token": .string(token.token), "jwt": .string(token.token),
                "expires_at": .string(token.expiresAtText),
            ], headers: headers)
    }

    // MARK: Seed 004

    /// `POST [/tenant/{tenantId}]/v2.0/Auth/token-exchange {"userId"}` → `{"token", "expires_at"}`.
    static func tokenExchange(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        try audited(request, context) { audit in try tokenExchange(request, context, audit: audit) }
    }

    static func tokenExchange(_ request: APIRequest, _ context: HandlerContext, audit: AuditEvent) throws -> APIResponse {
        let tenant = context.parameters["tenantId"]
        if let tenant, !Identifier.isTenant(tenant) {
            throw GatehouseError.validation("The tenantId path parameter is not a valid id", field: "tenantId")
        }
        let key = try presentedAPIKey(request)
        let body = try RequestBody.jsonObject(request)
        guard let userID = body["userId"]?.stringValue, !userID.isEmpty else {
            throw GatehouseError.validation("userId must be a non-empty string", field: "userId")
        }
        let (token, headers) = try exchange(
            key, keyID: nil, tenant: tenant, userID: userID, audit: audit, context: context)
        return .json(
            200, ["token": .string(token.token), "expires_at": .string(token.expiresAtText)], headers: headers)
    }

    // MARK: RFC 8693

    /// The token-exchange grant of `POST /oauth/token` (served by the `oauth` function):
    /// `subject_token` = an API key and `requested_subject` = the user id, or `subject_token` = a
    /// trusted external issuer's JWT (``exchangeExternalToken(_:context:)``).
    static func oauthTokenExchange(
        _ form: [(name: String, value: String)], _ request: APIRequest, _ context: HandlerContext
    ) throws -> APIResponse {
        func parameter(_ name: String) throws -> String? { try OAuthRoutes.single(name, in: form) }
        let subjectTokenType = try parameter("subject_token_type")
        guard subjectTokenType == apiKeyTokenType || subjectTokenType == jwtTokenType else {
            throw GatehouseError.invalidRequest("subject_token_type must be \(apiKeyTokenType) or \(jwtTokenType)")
        }
        guard let subjectToken = try parameter("subject_token") else {
            throw GatehouseError.invalidRequest("subject_token is required")
        }
        let requestedSubject = try parameter("requested_subject")
        guard subjectTokenType == jwtTokenType || !(requestedSubject ?? "").isEmpty else {
            throw GatehouseError.invalidRequest("requested_subject is required")
        }
        if let audience = try parameter("audience"), audience != context.configuration.audience {
            throw GatehouseError(
                status: 400, code: "invalid_request", message: "Unknown audience",
                oauthCode: "invalid_target")
        }
        if let requested = try parameter("requested_token_type"), requested != accessTokenType {
            throw GatehouseError.invalidRequest("requested_token_type must be \(accessTokenType)")
        }
        var (token, headers): (AccessTokenIssuer.IssuedToken, HeaderFields)
        if subjectTokenType == jwtTokenType {
            do {
                (token, headers) = try exchangeExternalToken(subjectToken, context: context)
            } catch let error as GatehouseError {
                try countFailure(error, context)
                throw error
            }
        } else {
            let userID = requestedSubject ?? ""
            (token, headers) = try audited(request, context) { audit in
                // RFC 8693 §2.2.2: a subject token that is not an API key at all is a malformed request.
                guard let key = APIKey.parse(subjectToken), key.kind == .apiKey else {
                    throw GatehouseError.invalidRequest("subject_token is not a Gatehouse API key")
                }
                return try exchange(key, keyID: nil, tenant: nil, userID: userID, audit: audit, context: context)
            }
        }
        headers.set("Cache-Control", "no-store")
        headers.set("Pragma", "no-cache")
        return .json(
            200,
            [
                "access_token": .string(token.token), "issued_token_type": .string(accessTokenType),
                "token_type": "Bearer", "expires_in": .integer(token.lifetime),
                "scope": .string(token.scopes.description),
            ], headers: headers)
    }

    /// RFC 8693 with a trusted external issuer's JWT as the subject token: the token is verified by
    /// the authenticator's rules (SPEC §5) and a Gatehouse token issued for the principal it maps to,
    /// with the role's default scopes and `act: {"iss": <issuer>, "sub": <its subject>}`.
    static func exchangeExternalToken(
        _ subjectToken: String?, context: HandlerContext
    ) throws -> (AccessTokenIssuer.IssuedToken, HeaderFields) {
        guard let subjectToken, PresentedCredential.looksLikeJWS(subjectToken),
            let issuer = Authenticator.externalIssuer(of: subjectToken, context.configuration)
        else { throw GatehouseError.authentication(Authenticator.externalTokenRefusal) }
        let principal: Principal
        do {
            principal = try Authenticator.externalPrincipal(
                subjectToken, issuer: issuer, configuration: context.configuration, redis: context.redis,
                now: context.now)
        } catch {
            throw error.error
        }
        guard case .trusted(let trusted) = issuer else { throw GatehouseError.authentication() }
        let token = try AccessTokenIssuer.issue(
            subject: principal.subject, tenant: principal.tenantID, scopes: principal.effectiveScopes, clientID: nil,
            actor: ["iss": .string(trusted.issuer), "sub": .string(principal.subject)],
            configuration: context.configuration, now: context.now)
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(principal.tenantID)
        logger.info(
            "token issued for an external token",
            metadata: ["issuer": .string(trusted.issuer), "subject": .string(principal.subject)])
        return (token, ["Cache-Control": "no-store"])
    }

    // MARK: Shared

    /// The API key of the request: `Authorization: Bearer` wins over `X-API-Key` (SPEC §3).
    /// A missing or malformed key is refused here, before any store access.
    static func presentedAPIKey(_ request: APIRequest) throws -> APIKey {
        let text: String
        if let authorization = request.headers["authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, String(parts[0]).asciiLowercased == "bearer" else {
                throw GatehouseError.authentication()
            }
            text = parts[1].trimmingASCIIWhitespace()
        } else if let header = request.headers["x-api-key"] {
            text = header.trimmingASCIIWhitespace()
        } else {
            throw GatehouseError.authentication()
        }
        guard let key = APIKey.parse(text), key.kind == .apiKey else { throw GatehouseError.authentication() }
        return key
    }

    /// Runs a sign-in and completes its audit trail (SPEC §4, §6): a refusal the store did not
    /// record already (no tenant to record it in: a malformed or unknown key, an unknown org) is
    /// appended to the unattributed stream, and every 401 counts against the client address's
    /// unauthenticated limit, so keys cannot be guessed faster than 30 a minute from one address.
    static func audited<Result>(
        _ request: APIRequest, _ context: HandlerContext, _ body: (AuditEvent) throws -> Result
    ) throws -> Result {
        let audit = AuditEvent(request: request, context: context, credentialType: "api_key")
        do {
            return try body(audit)
        } catch let refusal as RecordedRefusal {
            try countFailure(refusal.error, context)
            throw refusal.error
        } catch let error as GatehouseError where error.status == 401 || error.status == 404 {
            // Often refused before any store access (a malformed key): the record and the count
            // must not turn the answer into a 503 when the store is what fails.
            var record = audit
            record.status = error.status
            AuditLog.append(record, redis: context.redis, logger: context.logger)
            do {
                try countFailure(error, context)
            } catch let failure as RedisError {
                context.logger.error(
                    "could not count a failed sign-in", metadata: ["error": .string(failure.description)])
            }
            throw error
        }
    }

    /// A refusal whose audit record the sign-in script appended.
    struct RecordedRefusal: Error {
        let error: GatehouseError
    }

    /// Counts a 401 against the client address; past the limit the answer becomes 429.
    static func countFailure(_ error: GatehouseError, _ context: HandlerContext) throws {
        guard error.status == 401 else { return }
        try Authenticator.countUnauthenticated(address: context.clientAddress, redis: context.redis, now: context.now)
            .enforce()
    }

    /// Looks up, decides and signs: the common core of the three shapes.
    static func exchange(
        _ key: APIKey, keyID: String?, tenant: String?, userID: String, audit: AuditEvent, context: HandlerContext
    )
        throws -> (AccessTokenIssuer.IssuedToken, HeaderFields)
    {
        guard Identifier.isObjectID(userID) else { throw GatehouseError.authentication(SigninPolicy.userNotFound) }
        let lookup = try SigninStore.lookup(
            tenant: tenant, presented: key, presentedKeyID: keyID, userID: userID, audit: audit, now: context.now,
            redis: context.redis)
        let grant: SigninGrant
        do {
            grant = try SigninPolicy.decide(presented: key, presentedKeyID: keyID, lookup: lookup, now: context.now)
        } catch {
            if lookup.recorded { throw RecordedRefusal(error: error) }
            throw error
        }
        let token = try AccessTokenIssuer.issue(
            subject: grant.user.id, tenant: grant.user.tenant, scopes: grant.scopes, clientID: grant.keyID,
            actor: ["sub": .string(grant.actor), "key_id": .string(grant.keyID)], isTest: grant.isTest,
            configuration: context.configuration, now: context.now)
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(grant.user.tenant)
        logger.info("token issued", metadata: ["key_id": .string(grant.keyID), "subject": .string(grant.user.id)])
        var headers = lookup.rateLimit?.headers ?? [:]
        headers.set("Cache-Control", "no-store")
        return (token, headers)
    }
}
