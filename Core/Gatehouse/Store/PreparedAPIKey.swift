/// An API key generated and checked but not yet written: its record, its secret (shown once) and
/// the creator whose role and status its authentication snapshot carries.
public struct PreparedAPIKey: Sendable {
    /// The record to store (the secret's SHA-256, never the secret).
    public let record: KeyRecord
    /// The secret, returned exactly once.
    public let secret: APIKey
    /// The creator, as read when the key was prepared.
    public let creator: UserRecord
}
