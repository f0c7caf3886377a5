/// What a request to create an API key asks for, once validated.
public struct KeySpecification: Sendable, Equatable {
    public var name: String
    public var scopes: ScopeSet
    public var scopeMode: ScopeMode
    public var expiresAt: Int64?
    public var appID: String?
    public var isTest: Bool
    public var rateLimitPerMinute: Int?
}
