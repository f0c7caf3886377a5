/// A session as stored: created by an OTP login, carried by the session cookie, holding one
/// refresh-token family.
public struct SessionRecord: Sendable, Equatable {
    /// Whose session it is.
    public enum Kind: String, Sendable { case user, admin }

    /// The public id (`ses_…`), the `sid` of tokens minted from it.
    public var id: String
    public var kind: Kind
    /// The user or administrator id.
    public var subject: String
    public var createdAt: Int64
    public var expiresAt: Int64
    /// The refresh-token family opened with the session.
    public var family: String
    public var revokedAt: Int64?

    init?(fields: [String: String]) {
        guard let id = fields["id"], let kind = fields["kind"].flatMap(Kind.init), let subject = fields["subject"],
            let createdAt = Int64(fields["created_at"] ?? ""), let expiresAt = Int64(fields["expires_at"] ?? ""),
            let family = fields["family"]
        else { return nil }
        self.id = id
        self.kind = kind
        self.subject = subject
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.family = family
        self.revokedAt = Int64(fields["revoked_at"] ?? "")
    }

    /// The public view.
    public var publicJSON: JSONObject {
        [
            "id": .string(id), "kind": .string(kind.rawValue),
            "created_at": .string(Timestamp.iso8601(milliseconds: createdAt)),
            "expires_at": .string(Timestamp.iso8601(milliseconds: expiresAt)),
        ]
    }
}
