extension RateLimitDecision {
    /// Refuses a request this decision did not allow: 429 `rate_limited` with `Retry-After` and the
    /// `RateLimit-*` headers.
    public func enforce() throws(GatehouseError) {
        guard allowed else {
            throw GatehouseError.rateLimited(retryAfter: retryAfterSeconds ?? resetSeconds, headers: headers)
        }
    }
}
