public import Logging

/// What a route handler may use besides the request: configuration, the store, the clock, the
/// request's identity for logs and error envelopes, and the path parameters.
public struct HandlerContext {
    /// The process configuration.
    public let configuration: Configuration
    /// The Redis connection of this worker (one per thread; connected on first use).
    public let redis: RedisClient
    /// A logger carrying the request id; never give it a secret.
    public internal(set) var logger: Logger
    /// The id of this request, echoed in `X-Request-Id` and error envelopes.
    public let requestID: String
    /// The decoded path parameters of the matched route.
    public internal(set) var parameters: [String: String]
    /// The time the request is handled at, in Unix milliseconds.
    public let now: Int64
    /// The client's address: `REMOTE_ADDR`, or the nearest untrusted `X-Forwarded-For` hop when the
    /// peer is a trusted proxy.
    public let clientAddress: String?
    /// Who is calling, on routes that require a credential (resolved before the handler runs).
    public internal(set) var principal: Principal?
    /// The platform administrator calling an admin-only route (``RouteAccess/platformAdmin``).
    public internal(set) var platformAdmin: PlatformAdminCaller?
    /// Work to run after the response is written (delivery, audit records that must not delay
    /// the answer); see ``DeferredWork``.
    public let afterResponse = DeferredWorkQueue()
    /// The pattern of the matched route, for audit records.
    public internal(set) var route = "-"
    /// The per-principal limit counted for this request (verify route), if any.
    public internal(set) var rateLimit: RateLimitDecision?
    /// The in-flight marker of this request's `Idempotency-Key`, while its handler runs.
    public internal(set) var idempotency: IdempotencyClaim?

    /// A context; the dispatcher builds one per request.
    public init(
        configuration: Configuration, redis: RedisClient, logger: Logger, requestID: String,
        parameters: [String: String], now: Int64, clientAddress: String?
    ) {
        self.configuration = configuration
        self.redis = redis
        self.logger = logger
        self.requestID = requestID
        self.parameters = parameters
        self.now = now
        self.clientAddress = clientAddress
    }

    /// The caller; only routes declared with ``RouteAccess/principal(scope:)`` or
    /// ``RouteAccess/authorizer`` have one, so a missing principal is a programming error (500).
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw GatehouseError.internal }
        return principal
    }

    /// The administrator; only routes declared with ``RouteAccess/platformAdmin`` have one, so a
    /// missing one is a programming error (500).
    public func requirePlatformAdmin() throws -> PlatformAdminCaller {
        guard let platformAdmin else { throw GatehouseError.internal }
        return platformAdmin
    }

    /// The current time in whole seconds.
    public var nowSeconds: Int64 { now / 1000 }
}
