/// What the store knows about one sign-in attempt, read in one round trip.
public struct SigninLookup: Sendable, Equatable {
    /// Whether the tenant exists.
    public var tenantExists: Bool
    /// The key whose hash matched the presented secret, if any.
    public var key: KeyRecord?
    /// The user who created the key.
    public var creator: UserRecord?
    /// The user to sign in as.
    public var target: UserRecord?
    /// The key's rate-limit window after counting this request, when the key was usable.
    public var rateLimit: RateLimitDecision?
    /// Whether the store appended the attempt's audit record (it does whenever the tenant exists).
    public var recorded = false

    public init(
        tenantExists: Bool, key: KeyRecord? = nil, creator: UserRecord? = nil, target: UserRecord? = nil,
        rateLimit: RateLimitDecision? = nil
    ) {
        self.tenantExists = tenantExists
        self.key = key
        self.creator = creator
        self.target = target
        self.rateLimit = rateLimit
    }
}
