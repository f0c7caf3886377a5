/// A platform credential (seed 002): `x-platform-id` + `x-platform-secret`, tenant-level, for
/// managing owners and agents. Stored with the SHA-256 of the secret, never the secret.
public struct PlatformRecord: Sendable, Equatable {
    public var id: String
    public var tenant: String
    public var name: String
    public var hashHex: String
    public var prefix: String
    public var scopes: ScopeSet
    public var createdAt: Int64
    public var revokedAt: Int64?

    public init(
        id: String, tenant: String, name: String, hashHex: String, prefix: String, scopes: ScopeSet, createdAt: Int64,
        revokedAt: Int64? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.hashHex = hashHex
        self.prefix = prefix
        self.scopes = scopes
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    init?(fields: [String: String]) {
        guard let id = fields["id"], let tenant = fields["tenant"], let hashHex = fields["hash"],
            let scopes = ScopeSet(parsing: fields["scopes"] ?? "")
        else { return nil }
        self.init(
            id: id, tenant: tenant, name: fields["name"] ?? "", hashHex: hashHex, prefix: fields["prefix"] ?? "",
            scopes: scopes, createdAt: Int64(fields["created_at"] ?? "") ?? 0,
            revokedAt: Int64(fields["revoked_at"] ?? ""))
    }

    var fields: [(String, String)] {
        [
            ("id", id), ("tenant", tenant), ("name", name), ("hash", hashHex), ("prefix", prefix),
            ("scopes", scopes.description), ("created_at", String(createdAt)),
            ("revoked_at", revokedAt.map(String.init) ?? ""),
        ]
    }

    var snapshot: CredentialSnapshot {
        CredentialSnapshot(
            kind: .platform, tenant: tenant, id: id, subject: id, hashHex: hashHex, prefix: prefix, scopes: scopes,
            revokedAt: revokedAt)
    }

    /// The public view: never the secret or its hash.
    public var publicJSON: JSONObject {
        [
            "id": .string(id), "name": .string(name), "secret_prefix": .string(prefix),
            "scopes": .array(scopes.scopes.map { .string($0.description) }),
            "created_at": .string(Timestamp.iso8601(milliseconds: createdAt)),
            "revoked_at": revokedAt.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null,
        ]
    }
}
