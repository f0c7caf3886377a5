/// The client routes of the `oauth` function (OAUTH.md "Clients", seed 003): dynamic registration
/// (RFC 7591), and the tenant's view of its clients with deletion.
public enum OAuthClientRoutes {
    /// The handlers of these operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .oauthRegister: register,
        .listOAuthClients: list,
        .deleteOAuthClient: delete,
    ]

    // MARK: Registration

    /// `POST /oauth/register` (RFC 7591 §3): client metadata in, 201 with the client's metadata
    /// out (and `client_secret`, once, for a confidential client). Without a credential (open
    /// registration, refused when `GATEHOUSE_OAUTH_REGISTRATION=closed`) the client is `dynamic`,
    /// counted against the address's hourly limit, and expires unless a login completes within
    /// `GATEHOUSE_OAUTH_CLIENT_IDLE_TTL`; with the header credential of a tenant member holding
    /// `keys:manage`, it is `pre_registered` for that tenant and does not expire.
    static func register(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let registrant = try registrant(request, context)
        if registrant == nil, context.configuration.oauth.registration == .closed {
            throw GatehouseError(
                status: 403, code: "forbidden",
                message: "Open registration is closed here; a tenant member registers the client for you",
                oauthCode: "access_denied")
        }
        let metadata = try metadata(request)
        var headers: HeaderFields = ["Cache-Control": "no-store", "Pragma": "no-cache"]
        if registrant == nil {
            let decision = try countRegistration(context)
            for (name, value) in decision.headers { headers.set(name, value) }
        }
        let (client, secret) = OAuthClientStore.newClient(metadata, tenant: registrant?.tenantID, now: context.now)
        try OAuthClientStore.store(
            client, idleLifetimeSeconds: registrant == nil ? context.configuration.oauth.unusedClientLifetimeSeconds : nil,
            redis: context.redis)
        var body = client.metadataJSON
        if let secret {
            body["client_secret"] = .string(secret)
            body["client_secret_expires_at"] = .integer(0)
        }
        let response = APIResponse.json(201, .object(body), headers: headers)
        if let registrant { audit(request, context, principal: registrant, status: 201) }
        context.logger.info(
            "oauth client registered",
            metadata: ["client_id": .string(client.id), "origin": .string(client.origin.rawValue)])
        return response
    }

    /// The registration's metadata: `application/json` (or curl's default type over a JSON object
    /// with a header credential, SPEC §6), at most 8 KiB, every field valid.
    static func metadata(_ request: APIRequest) throws -> OAuthClientMetadata {
        guard let type = request.mediaType,
            type == "application/json" || type.hasSuffix("+json") || RequestBody.isCurlJSON(request, type: type)
        else {
            throw GatehouseError.unsupportedMediaType(expected: "application/json")
        }
        return try OAuthClientMetadata.parse(body: request.body, source: .registration)
    }

    /// The tenant member a registration carries the header credential of, nil when it carries none.
    /// A refused credential is 401 `invalid_token` with its RFC 6750 §3 challenge
    /// (`WWW-Authenticate: Bearer error="invalid_token"`; audited, counted against the address); a
    /// credential that is not a user's, or lacks `keys:manage`, 403.
    static func registrant(_ request: APIRequest, _ context: HandlerContext) throws -> Principal? {
        guard RequestBody.credentialHeaders.contains(where: { request.headers[$0] != nil }) else { return nil }
        let principal: Principal
        do {
            principal = try Authenticator.authenticate(
                request, configuration: context.configuration, redis: context.redis, now: context.now,
                countLimits: true
            ).principal
        } catch let failure as AuthenticationFailure {
            var event = AuditEvent(request: request, context: context, credentialType: failure.credentialType?.rawValue)
            event.tenant = failure.tenant
            event.keyID = failure.keyID
            event.keyPrefix = failure.keyPrefix
            event.status = failure.error.status
            AuditLog.append(event, redis: context.redis, logger: context.logger)
            if failure.error.status == 401 {
                try Authenticator.countUnauthenticated(
                    address: context.clientAddress, redis: context.redis, now: context.now
                ).enforce()
                throw VerifyChallenge.adding(
                    VerifyChallenge.challenge([("error", "invalid_token")]),
                    to: GatehouseError(
                        status: 401, code: "authentication_error", message: failure.error.message,
                        oauthCode: "invalid_token"))
            }
            throw failure.error
        }
        let refusal: GatehouseError? =
            if principal.subjectType != .user {
                GatehouseError(
                    status: 403, code: "forbidden", message: "Only a tenant member's credential pre-registers a client",
                    oauthCode: "access_denied")
            } else if !principal.effectiveScopes.allows(Scope("keys:manage")!) {
                GatehouseError(
                    status: 403, code: "forbidden", message: "The credential lacks keys:manage",
                    details: ["missing_scope": "keys:manage"], oauthCode: "insufficient_scope")
            } else {
                nil
            }
        if let refusal {
            audit(request, context, principal: principal, status: refusal.status)
            throw refusal
        }
        return principal
    }

    /// Counts one open registration against the client address (hourly window); 429 past the limit.
    static func countRegistration(_ context: HandlerContext) throws -> RateLimitDecision {
        let rule = RateLimitRule(
            name: "oauth-register", limit: context.configuration.oauth.registrationsPerHour, windowSeconds: 3600)
        let decision = try RateLimiter.check(
            rule, key: "gh:{ip:\(context.clientAddress ?? "unknown")}:rl:\(rule.name)", client: context.redis,
            nowMilliseconds: context.now)
        try decision.enforce()
        return decision
    }

    /// The audit record of a registration made with a credential (SPEC §6).
    static func audit(_ request: APIRequest, _ context: HandlerContext, principal: Principal, status: Int) {
        var event = AuditEvent(request: request, context: context, credentialType: principal.credentialType.rawValue)
        event.tenant = principal.tenantID
        event.subject = principal.subject
        event.subjectType = principal.subjectType.rawValue
        event.keyID = principal.keyID
        event.keyPrefix = principal.keyPrefix
        event.appID = principal.appID ?? event.appID
        event.legacyMode = principal.legacyMode
        event.status = status
        event.outcome = AuditEvent.outcome(status: status, authenticated: true)
        AuditLog.append(event, redis: context.redis, logger: context.logger)
    }

    // MARK: The tenant's clients

    /// `GET /v1/oauth_clients?cursor=&limit=` → `{"data": [...], "next"}`: the clients the tenant
    /// registered and those holding grants of its users, oldest first, never a secret or its hash.
    static func list(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let (views, next) = try OAuthClientStore.clients(
            of: principal.tenantID, page: try PageRequest.parse(request), store: context.store)
        return PageRequest.page(views.map { .object($0.json) }, next: next)
    }

    /// `DELETE /v1/oauth_clients/{id}` → 204: the registering tenant deletes the client and ends
    /// everything it holds in every tenant; a self-registered client holding grants in the caller's
    /// tenant is revoked there only; anything else is 404.
    static func delete(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        let configuration = context.configuration
        let outcome = try OAuthClientStore.delete(
            context.parameters["id"] ?? "", by: principal.tenantID, now: context.now,
            revocationLifetimeSeconds: revocationLifetimeSeconds(configuration), redis: context.redis)
        guard outcome != .notFound else { throw GatehouseError.notFound("OAuth client not found") }
        context.logger.info("oauth client deleted", metadata: ["client_id": .string(context.parameters["id"] ?? "")])
        return APIResponse(status: 204)
    }

    /// How long a client's revocation record is kept: past the end of every session and refresh
    /// family it could have opened, and of every access token issued from them.
    public static func revocationLifetimeSeconds(_ configuration: Configuration) -> Int64 {
        configuration.sessionLifetime + configuration.accessTokenLifetime + 60
    }
}
