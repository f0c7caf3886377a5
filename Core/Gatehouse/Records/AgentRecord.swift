/// An agent (seed 002): a machine principal of a tenant with its own key, allowed only its own
/// resources. Stored with the SHA-256 of its key, never the key.
public struct AgentRecord: Sendable, Equatable {
    public var id: String
    public var tenant: String
    public var name: String
    /// The owner (a user of the tenant) the agent acts for, if any.
    public var ownerID: String?
    public var hashHex: String
    public var prefix: String
    public var scopes: ScopeSet
    public var isTest: Bool
    public var createdAt: Int64
    /// When the agent was deleted (its key stops at once).
    public var revokedAt: Int64?

    public init(
        id: String, tenant: String, name: String, ownerID: String?, hashHex: String, prefix: String, scopes: ScopeSet,
        isTest: Bool, createdAt: Int64, revokedAt: Int64? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.ownerID = ownerID
        self.hashHex = hashHex
        self.prefix = prefix
        self.scopes = scopes
        self.isTest = isTest
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    init?(fields: [String: String]) {
        guard let id = fields["id"], let tenant = fields["tenant"], let hashHex = fields["hash"],
            let scopes = ScopeSet(parsing: fields["scopes"] ?? "")
        else { return nil }
        self.init(
            id: id, tenant: tenant, name: fields["name"] ?? "",
            ownerID: fields["owner_id"].flatMap { $0.isEmpty ? nil : $0 },
            hashHex: hashHex, prefix: fields["prefix"] ?? "", scopes: scopes, isTest: fields["is_test"] == "1",
            createdAt: Int64(fields["created_at"] ?? "") ?? 0, revokedAt: Int64(fields["revoked_at"] ?? ""))
    }

    var fields: [(String, String)] {
        [
            ("id", id), ("tenant", tenant), ("name", name), ("owner_id", ownerID ?? ""), ("hash", hashHex),
            ("prefix", prefix), ("scopes", scopes.description), ("is_test", isTest ? "1" : "0"),
            ("created_at", String(createdAt)), ("revoked_at", revokedAt.map(String.init) ?? ""),
        ]
    }

    /// The authentication snapshot of the agent's key.
    var snapshot: CredentialSnapshot {
        CredentialSnapshot(
            kind: .agentKey, tenant: tenant, id: id, subject: id, hashHex: hashHex, prefix: prefix, scopes: scopes,
            revokedAt: revokedAt, isTest: isTest)
    }

    /// The public view: never the key or its hash.
    public var publicJSON: JSONObject {
        var object: JSONObject = [
            "id": .string(id), "name": .string(name), "owner_id": ownerID.map(JSONValue.string) ?? .null,
            "key_prefix": .string(prefix), "scopes": .array(scopes.scopes.map { .string($0.description) }),
            "is_test": .bool(isTest), "created_at": .string(Timestamp.iso8601(milliseconds: createdAt)),
        ]
        if let revokedAt { object["deleted_at"] = .string(Timestamp.iso8601(milliseconds: revokedAt)) }
        return object
    }
}
