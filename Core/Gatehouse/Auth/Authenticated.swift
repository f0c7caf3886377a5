/// A successful authentication: the principal, and the per-principal limit counted for it.
public struct Authenticated: Sendable {
    public var principal: Principal
    /// The verify route's limit after counting this request, when one applies.
    public var rateLimit: RateLimitDecision?
}
