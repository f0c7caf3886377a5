/// What a successful sign-in grants: the token's subject, scopes and actor.
public struct SigninGrant: Sendable, Equatable {
    /// The user the token is for.
    public let user: UserRecord
    /// The key's creator, who acts (RFC 8693 `act`).
    public let actor: String
    /// The key that was exchanged.
    public let keyID: String
    /// The token's scopes: the key's effective scopes ∩ the user's role defaults.
    public let scopes: ScopeSet
    /// Whether the key and token are test-mode.
    public let isTest: Bool
    /// Whether the key is a legacy-mode key.
    public let legacyMode: Bool
}
