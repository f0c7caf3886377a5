internal import Crypto

/// What an OAuth refresh request asks for besides rotation (RFC 6749 §6, RFC 8707 §2.2).
public struct RefreshNarrowing: Sendable, Equatable {
    /// `scope`: must lie within the grant's scopes; nil keeps them.
    public var scopes: ScopeSet?
    /// `resource`, canonical, with Gatehouse's own API as ''; nil when not sent. Must be the
    /// grant's resource.
    public var resource: String?

    /// Nothing asked: Gatehouse's own refreshes.
    public static let none = RefreshNarrowing(scopes: nil, resource: nil)

    /// A narrowing.
    public init(scopes: ScopeSet?, resource: String?) {
        self.scopes = scopes
        self.resource = resource
    }
}
