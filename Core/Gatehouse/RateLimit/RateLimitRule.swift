/// A limit on how many requests one subject may make per window, for example 100 per 60 s.
public struct RateLimitRule: Sendable, Equatable {
    /// A name for logs and metrics (`"signin-ip"`); not part of the Redis key.
    public var name: String
    /// Requests allowed per window; 0 refuses everything.
    public var limit: Int
    /// The window length in seconds (at least 1).
    public var windowSeconds: Int

    /// A rule; `limit` below 0 counts as 0 and `windowSeconds` below 1 as 1.
    public init(name: String, limit: Int, windowSeconds: Int) {
        self.name = name
        self.limit = max(0, limit)
        self.windowSeconds = max(1, windowSeconds)
    }
}
