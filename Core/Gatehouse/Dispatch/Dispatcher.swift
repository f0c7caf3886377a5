public import Logging

/// A set of routes with the configuration they run under: the one transport-neutral entry point.
/// Every transport (CGI, event, Lambda, the local server) turns its input into a ``APIRequest``,
/// calls ``handle(_:redis:)`` and writes out the ``APIResponse``.
public struct Dispatcher: Sendable {
    /// The configuration.
    public let configuration: Configuration
    /// The routes served.
    public let routes: RouteTable
    /// The logger requests log to.
    public let logger: Logger
    /// The clock, Unix milliseconds.
    public let clock: @Sendable () -> Int64
    /// Where records of requests decided without Redis go, in a warm process; nil (CGI, Lambda):
    /// every record is appended before the answer.
    public var deferredAudit: (any DeferredAuditLog)?

    /// An application.
    public init(
        configuration: Configuration, routes: RouteTable, logger: Logger,
        clock: @escaping @Sendable () -> Int64 = SystemAccess.currentTimeMilliseconds
    ) {
        self.configuration = configuration
        self.routes = routes
        self.logger = logger
        self.clock = clock
    }

    /// Answers one request. Never throws: every failure becomes an error envelope, and a store
    /// that cannot be reached becomes 503 (fail closed). `requestID` is the id the transport minted
    /// when the request arrived.
    public func handle(_ request: APIRequest, redis: RedisClient, requestID: String = RequestID.mint()) -> APIResponse {
        let started = SystemAccess.monotonicNanoseconds()
        var exchange = Exchange(requestID: requestID, logger: logger)
        var response = answer(request, redis: redis, exchange: &exchange)
        response = completed(response, request: request, redis: redis, exchange: exchange)
        let elapsed = Double(SystemAccess.monotonicNanoseconds() - started) / 1_000_000
        exchange.logger.info(
            "request",
            metadata: [
                "method": .string(request.method), "route": .string(exchange.routePattern),
                "status": .stringConvertible(response.status),
                "duration_ms": .stringConvertible((elapsed * 1000).rounded() / 1000),
            ])
        return response
    }

    /// What the dispatcher learns about one request while answering it.
    struct Exchange {
        let requestID: String
        /// The application's logger carrying the request id.
        var logger: Logger
        var errorStyle = ErrorStyle.gatehouse
        var routePattern = "-"
        var audit: AuditTrail?
        var afterResponse: DeferredWorkQueue?
        /// Set when the store failed as unavailable: the audit record is then not attempted.
        var storeUnavailable = false
        /// The path is one any origin may call (CORS).
        var crossOrigin = false

        init(requestID: String, logger: Logger) {
            self.requestID = requestID
            self.logger = logger
            self.logger[metadataKey: "request_id"] = .string(requestID)
        }
    }

    /// The route's answer, or the error envelope of whatever stopped it.
    func answer(_ request: APIRequest, redis: RedisClient, exchange: inout Exchange) -> APIResponse {
        do {
            return try dispatch(request, redis: redis, exchange: &exchange)
        } catch let preflight as Preflight {
            return preflight.response
        } catch let error as GatehouseError {
            return ErrorEnvelope.response(for: error, requestID: exchange.requestID, style: exchange.errorStyle)
        } catch let error as RedisError {
            exchange.logger.error(
                "store failure",
                metadata: ["error": .string(error.description), "error_class": .string(error.errorClass)])
            exchange.storeUnavailable = error.isUnavailable
            let failure: GatehouseError = error.isUnavailable ? .unavailable() : .internal
            return ErrorEnvelope.response(for: failure, requestID: exchange.requestID, style: exchange.errorStyle)
        } catch {
            exchange.logger.error("unexpected failure", metadata: ["error_type": .string("\(type(of: error))")])
            return ErrorEnvelope.response(for: .internal, requestID: exchange.requestID, style: exchange.errorStyle)
        }
    }

    /// The request's way to its handler: limits, the route, maintenance, the caller, idempotency.
    func dispatch(_ request: APIRequest, redis: RedisClient, exchange: inout Exchange) throws -> APIResponse {
        try RequestLimits.requireBody(count: request.body.count)
        try Self.refuseQueryCredentials(request)
        let (route, parameters) = try matchRoute(request, exchange: &exchange)
        exchange.errorStyle = route.errorStyle
        exchange.routePattern = route.pattern
        if configuration.maintenance && !route.servedInMaintenance {
            throw GatehouseError.unavailable("Gatehouse is in maintenance", retryAfter: 60)
        }
        var context = HandlerContext(
            configuration: configuration, redis: redis, logger: exchange.logger, requestID: exchange.requestID,
            parameters: parameters, now: clock(),
            clientAddress: ClientAddress.resolve(request, trustedProxies: configuration.trustedProxies))
        context.route = route.pattern
        exchange.afterResponse = context.afterResponse
        exchange.audit = AuditTrail(access: route.access, clientAddress: context.clientAddress, now: context.now)
        try authorize(request, route: route, context: &context, audit: &exchange.audit)
        return try run(route, request, context: context)
    }

    /// The route a request's method and path find; a CORS preflight for a path any origin may
    /// call; 404 or 405 otherwise. The path's routes are scanned a second time (for CORS) only
    /// when no route was found: a found route says itself whether it is cross-origin.
    func matchRoute(_ request: APIRequest, exchange: inout Exchange) throws -> (Route, [String: String]) {
        let match = routes.match(method: request.method, path: request.path)
        if case .found(let route, let parameters) = match {
            exchange.crossOrigin = route.cors
            return (route, parameters)
        }
        let crossOriginMethods = routes.crossOriginMethods(path: request.path)
        exchange.crossOrigin = !crossOriginMethods.isEmpty
        if request.method == "OPTIONS", exchange.crossOrigin { throw Preflight(methods: crossOriginMethods) }
        if case .methodNotAllowed(let allowed) = match { throw GatehouseError.methodNotAllowed(allowed: allowed) }
        throw GatehouseError.notFound("No route for \(request.method) \(Self.loggablePath(request.path))")
    }

    /// Runs the handler, through the idempotency store when the request carries an
    /// `Idempotency-Key` that applies.
    func run(_ route: Route, _ request: APIRequest, context: HandlerContext) throws -> APIResponse {
        guard DurableRoutes.contains(route) else { return try runHandler(route, request, context: context) }
        return try context.redis.durably { () throws -> APIResponse in try runHandler(route, request, context: context) }
    }

    /// The handler, under the caller's `Idempotency-Key` when it sent one.
    func runHandler(_ route: Route, _ request: APIRequest, context: HandlerContext) throws -> APIResponse {
        guard let principal = context.principal,
            IdempotencyPolicy.applies(method: request.method, access: route.access, function: route.function),
            let idempotencyKey = request.headers["idempotency-key"]
        else { return try route.handler(request, context) }
        return try IdempotencyStore.perform(request, key: idempotencyKey, principal: principal, context: context) {
            claimed in try route.handler(request, claimed)
        }
    }

    /// The answer as it leaves: safe headers, `X-Request-Id`, CORS, deferred work, no body for
    /// `HEAD`, and the audit record appended.
    func completed(_ response: APIResponse, request: APIRequest, redis: RedisClient, exchange: Exchange) -> APIResponse {
        var response = response
        if !response.hasSafeHeaders {
            exchange.logger.error(
                "refused a response header holding CR, LF or NUL", metadata: ["route": .string(exchange.routePattern)])
            response = ErrorEnvelope.response(for: .internal, requestID: exchange.requestID, style: exchange.errorStyle)
        }
        response.headers.set("X-Request-Id", exchange.requestID)
        if exchange.crossOrigin { Preflight.allowAnyOrigin(&response) }
        response.deferred += exchange.afterResponse?.drain() ?? []
        if request.method == "HEAD" { response.body = [] }
        // A request whose authentication never concluded (the store failed first) is neither an
        // authenticated call nor a failed authentication: nothing to record, and no second wait on
        // a store that just timed out.
        guard let audit = exchange.audit, audit.concluded else { return response }
        return record(
            audit, request: request, response: response, route: exchange.routePattern, requestID: exchange.requestID,
            style: exchange.errorStyle, redis: exchange.storeUnavailable ? nil : redis, logger: exchange.logger)
    }

    /// Appends the request's audit record (`redis` nil: the request already found Redis unavailable,
    /// so the record is lost without a second wait). A lost record is logged and counted; a read decided
    /// with Redis (or any read when `GATEHOUSE_AUDIT_REQUIRED` is set) then answers 503 instead
    /// (``AuditLoss/failsClosed(method:isAuthorizer:credentialType:auditRequired:)``).
    func record(
        _ audit: AuditTrail, request: APIRequest, response: APIResponse, route: String, requestID: String,
        style: ErrorStyle, redis: RedisClient?, logger: Logger
    ) -> APIResponse {
        let event = audit.event(request: request, requestID: requestID, route: route, status: response.status)
        if let deferredAudit, audit.principal?.credentialType == .accessToken, !configuration.auditRequired {
            deferredAudit.offer(event)
            return response
        }
        do {
            guard let redis else { throw RedisError.connection("Redis was unavailable for this request") }
            try AuditLog.append(event, redis: redis)
            return response
        } catch {
            let errorClass = (error as? RedisError)?.errorClass ?? "\(type(of: error))"
            let credentialType = audit.principal?.credentialType ?? audit.failure?.credentialType
            let failsClosed = AuditLoss.failsClosed(
                method: request.method, isAuthorizer: audit.isAuthorizer, credentialType: credentialType,
                auditRequired: configuration.auditRequired)
            logger.error(
                "audit record lost",
                metadata: [
                    "error_class": .string(errorClass), "lost_total": .stringConvertible(AuditLoss.record()),
                    "route": .string(route), "answered": .string(failsClosed ? "503" : String(response.status)),
                ])
            guard failsClosed, response.status < 500 else { return response }
            var refused = ErrorEnvelope.response(for: .unavailable(), requestID: requestID, style: style)
            refused.headers.set("X-Request-Id", requestID)
            return refused
        }
    }

    /// Resolves the principal a route needs, counts its per-principal limit and enforces the
    /// route's scope; a request without a valid credential is also counted against its client
    /// address (30 a minute, SPEC §4).
    func authorize(
        _ request: APIRequest, route: Route, context: inout HandlerContext, audit: inout AuditTrail?
    ) throws {
        // Per-principal limits (agent 100/min, platform 1000/min, a key's own) count on every
        // authenticated route, not only the verify route (SPEC §4).
        if case .open = route.access { return }
        if case .platformAdmin = route.access { return try authorizeAdmin(request, context: &context, audit: &audit) }
        var audiences: [String]?
        if case .authorizer = route.access { audiences = try VerifyChallenge.audiences(request, configuration) }
        do {
            let authenticated = try Authenticator.authenticate(
                request, configuration: configuration, redis: context.redis, now: context.now, countLimits: true,
                audiences: audiences)
            context.principal = authenticated.principal
            context.rateLimit = authenticated.rateLimit
            audit?.principal = authenticated.principal
            context.logger[metadataKey: "tenant"] = .string(authenticated.principal.tenantID)
            context.logger[metadataKey: "subject"] = .string(authenticated.principal.subject)
        } catch var failure as AuthenticationFailure {
            audit?.failure = failure
            if case .authorizer = route.access {
                failure.error = VerifyChallenge.challenging(failure.error, request, configuration)
            }
            if failure.error.status == 401 {
                try Authenticator.countUnauthenticated(
                    address: context.clientAddress, redis: context.redis, now: context.now
                ).enforce()
            }
            // On an OAuth endpoint the caller authenticates as a client (RFC 7662 §2.1, RFC 6749
            // §5.2): a refused credential is 401 `invalid_client`, never a grant error.
            throw route.errorStyle == .oauth && failure.error.status == 401
                ? failure.error.clientAuthenticationFailure : failure.error
        }
        try requireKnownApp(context)
        if case .principal(let scope?) = route.access, let principal = context.principal {
            try Authorization.require(scope, of: principal)
        }
    }

    /// A tenant-scoped credential acting for the app `X-App-Id` names: the app must exist (403
    /// `app_mismatch`, `unknown_app`, SPEC §2). One lookup, only on requests that name an app.
    func requireKnownApp(_ context: HandlerContext) throws {
        guard let principal = context.principal, principal.keyScope == .tenant, let app = principal.appID else {
            return
        }
        guard try context.store.app(tenant: principal.tenantID, id: app) != nil else { throw GatehouseError.unknownApp }
    }

    /// Query parameter names that carry credentials; any of them, or any value shaped like a
    /// Gatehouse secret, is refused before routing (SPEC §3) and never logged.
    static let credentialParameterNames: Set<String> = [
        "api_key", "apikey", "key", "x-api-key", "x_api_key", "access_token", "token", "id_token", "refresh_token",
        "client_secret", "password", "secret", "code_verifier", "platform_secret", "x-platform-secret", "agent_key",
    ]

    static func refuseQueryCredentials(_ request: APIRequest) throws {
        guard !request.rawQuery.isEmpty else { return }
        guard let items = request.queryItems else { throw GatehouseError.invalidRequest("Malformed query string") }
        for item in items {
            if credentialParameterNames.contains(item.name.asciiLowercased) || APIKey.parse(item.value) != nil
                || item.value.hasPrefix("ak_") || item.value.hasPrefix("agk_") || item.value.hasPrefix("sk_live_")
            {
                throw GatehouseError.invalidRequest(
                    "Credentials are not accepted in the query string; send them in a header",
                    details: ["parameter": .string(item.name.count <= 40 ? item.name : "…")])
            }
        }
    }

    /// The path cut to a length safe to echo in a message.
    static func loggablePath(_ path: String) -> String {
        let cut = path.count > 120 ? String(path.prefix(120)) + "…" : path
        return cut.containsLineBreakOrNUL ? "(path)" : cut
    }
}
