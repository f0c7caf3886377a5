/// The Redis keys of one stored secret, all in the secret's own hash slot.
public struct CredentialKeys: Sendable {
    /// `gh:cred:{<sha256>}`: the ``CredentialSnapshot``.
    public let snapshot: String
    /// `gh:cred:{<sha256>}:rl`: the per-principal rate-limit window.
    public let rateLimit: String

    /// The keys of the secret with this hash.
    public init(_ hashHex: String) {
        snapshot = "gh:cred:{\(hashHex)}"
        rateLimit = snapshot + ":rl"
    }
}
