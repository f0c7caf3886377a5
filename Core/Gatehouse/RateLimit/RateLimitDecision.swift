/// The outcome of one rate-limit check, with what the `RateLimit-*` and `Retry-After` headers need.
public struct RateLimitDecision: Sendable, Equatable {
    /// Whether the request may proceed (it has been counted if so).
    public var allowed: Bool
    /// The rule's limit (`RateLimit-Limit`).
    public var limit: Int
    /// Requests left in the current window after this one (`RateLimit-Remaining`), never negative.
    public var remaining: Int
    /// Whole seconds, rounded up, until the window ends and the count starts again (`RateLimit-Reset`).
    public var resetSeconds: Int
    /// For a refused request, whole seconds (at least 1) to wait before trying again; nil if allowed.
    public var retryAfterSeconds: Int?

    /// A decision with these values.
    public init(allowed: Bool, limit: Int, remaining: Int, resetSeconds: Int, retryAfterSeconds: Int?) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
        self.retryAfterSeconds = retryAfterSeconds
    }
}
