/// An API key as stored: never the secret, only its SHA-256.
public struct KeyRecord: Sendable, Equatable {
    public var id: String
    public var tenant: String
    public var name: String
    /// Lower-case hex SHA-256 of the secret.
    public var hashHex: String
    /// The first characters of the secret, for display.
    public var prefix: String
    /// The user who created the key; the key never exceeds that user's role.
    public var createdBy: String
    public var scopes: ScopeSet
    public var scopeMode: ScopeMode
    public var createdAt: Int64
    /// Unix milliseconds after which the key is refused, if any.
    public var expiresAt: Int64?
    /// Unix milliseconds at which the key was revoked, if it was.
    public var revokedAt: Int64?
    public var isTest: Bool
    /// The app the key is bound to, if it is app-scoped.
    public var appID: String?
    /// Requests per minute allowed for this key on the verify route, if limited.
    public var rateLimitPerMinute: Int?
    /// Unix milliseconds of the key's last rotation: when it was rotated, or, for a key made by
    /// rotating another, when that one was; nil for a key never rotated.
    public var rotatedAt: Int64?
    /// The key this one replaced by rotation, if any.
    public var rotatedFrom: String?

    public init(
        id: String, tenant: String, name: String, hashHex: String, prefix: String, createdBy: String, scopes: ScopeSet,
        scopeMode: ScopeMode = .strict, createdAt: Int64, expiresAt: Int64? = nil, revokedAt: Int64? = nil,
        isTest: Bool = false, appID: String? = nil, rateLimitPerMinute: Int? = nil, rotatedAt: Int64? = nil,
        rotatedFrom: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.hashHex = hashHex
        self.prefix = prefix
        self.createdBy = createdBy
        self.scopes = scopes
        self.scopeMode = scopeMode
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.isTest = isTest
        self.appID = appID
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rotatedAt = rotatedAt
        self.rotatedFrom = rotatedFrom
    }

    /// A record from a Redis hash; nil when required fields are missing or invalid.
    init?(fields: [String: String]) {
        guard let id = fields["id"], let tenant = fields["tenant"], let hashHex = fields["hash"],
            let createdBy = fields["created_by"], let scopes = ScopeSet(parsing: fields["scopes"] ?? ""),
            let mode = ScopeMode(rawValue: fields["scope_mode"] ?? "strict")
        else { return nil }
        self.init(
            id: id, tenant: tenant, name: fields["name"] ?? "", hashHex: hashHex, prefix: fields["prefix"] ?? "",
            createdBy: createdBy, scopes: scopes, scopeMode: mode, createdAt: Int64(fields["created_at"] ?? "") ?? 0,
            expiresAt: Int64(fields["expires_at"] ?? ""), revokedAt: Int64(fields["revoked_at"] ?? ""),
            isTest: fields["is_test"] == "1", appID: fields["app_id"].flatMap { $0.isEmpty ? nil : $0 },
            rateLimitPerMinute: Int(fields["rate_limit"] ?? ""), rotatedAt: Int64(fields["rotated_at"] ?? ""),
            rotatedFrom: fields["rotated_from"].flatMap { $0.isEmpty ? nil : $0 })
    }

    var fields: [(String, String)] {
        [
            ("id", id), ("tenant", tenant), ("name", name), ("hash", hashHex), ("prefix", prefix),
            ("created_by", createdBy), ("scopes", scopes.description), ("scope_mode", scopeMode.rawValue),
            ("created_at", String(createdAt)), ("expires_at", expiresAt.map(String.init) ?? ""),
            ("revoked_at", revokedAt.map(String.init) ?? ""), ("is_test", isTest ? "1" : "0"), ("app_id", appID ?? ""),
            ("rate_limit", rateLimitPerMinute.map(String.init) ?? ""), ("rotated_at", rotatedAt.map(String.init) ?? ""),
            ("rotated_from", rotatedFrom ?? ""),
        ]
    }

    /// Whether the key may be used at a time (not revoked, not expired).
    public func isUsable(at now: Int64) -> Bool {
        (revokedAt.map { $0 > now } ?? true) && (expiresAt.map { $0 > now } ?? true)
    }

    /// The public view of the key: never the secret or its hash.
    public var publicJSON: JSONObject {
        var object: JSONObject = [
            "id": .string(id), "key_prefix": .string(prefix), "name": .string(name),
            "scopes": .array(scopes.scopes.map { .string($0.description) }), "scope_mode": .string(scopeMode.rawValue),
            "created_at": .string(Timestamp.iso8601(milliseconds: createdAt)),
            "expires_at": expiresAt.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null,
            "is_test": .bool(isTest), "created_by": .string(createdBy),
            "last_rotated_at": rotatedAt.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null,
        ]
        if let rotatedFrom { object["rotated_from"] = .string(rotatedFrom) }
        if let revokedAt { object["revoked_at"] = .string(Timestamp.iso8601(milliseconds: revokedAt)) }
        if let appID { object["app_id"] = .string(appID) }
        return object
    }
}
