/// A tenant as stored.
public struct TenantRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var createdAt: Int64

    public init(id: String, name: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }

    init?(fields: [String: String]) {
        guard let id = fields["id"] else { return nil }
        self.init(id: id, name: fields["name"] ?? id, createdAt: Int64(fields["created_at"] ?? "") ?? 0)
    }

    var fields: [(String, String)] { [("id", id), ("name", name), ("created_at", String(createdAt))] }

    /// The public view: `{"id","name","created_at"}`.
    public var publicJSON: JSONObject {
        ["id": .string(id), "name": .string(name), "created_at": .string(Timestamp.iso8601(milliseconds: createdAt))]
    }
}

/// A user of a tenant as stored.
public struct UserRecord: Sendable, Equatable {
    /// Whether the user may act.
    public enum Status: String, Sendable { case active, disabled }

    public var id: String
    public var tenant: String
    public var role: Role
    public var status: Status
    /// E.164 phone number, if the user signs in by OTP.
    public var phone: String?
    /// Test-mode data is seen only by test-mode keys.
    public var isTest: Bool
    public var createdAt: Int64

    public init(
        id: String, tenant: String, role: Role, status: Status = .active, phone: String? = nil, isTest: Bool = false,
        createdAt: Int64
    ) {
        self.id = id
        self.tenant = tenant
        self.role = role
        self.status = status
        self.phone = phone
        self.isTest = isTest
        self.createdAt = createdAt
    }

    /// A record from a Redis hash; nil when required fields are missing or invalid.
    init?(fields: [String: String]) {
        guard let id = fields["id"], let tenant = fields["tenant"], let role = fields["role"].flatMap(Role.init),
            let status = fields["status"].flatMap(Status.init)
        else { return nil }
        self.init(
            id: id, tenant: tenant, role: role, status: status,
            phone: fields["phone"].flatMap { $0.isEmpty ? nil : $0 },
            isTest: fields["is_test"] == "1", createdAt: Int64(fields["created_at"] ?? "") ?? 0)
    }

    var fields: [(String, String)] {
        [
            ("id", id), ("tenant", tenant), ("role", role.rawValue), ("status", status.rawValue),
            ("phone", phone ?? ""),
            ("is_test", isTest ? "1" : "0"), ("created_at", String(createdAt)),
        ]
    }
}

/// How a key's scopes combine with its creator's role (SPEC §2).
public enum ScopeMode: String, Sendable {
    /// Effective scopes = key scopes ∩ the creator's role defaults.
    case strict
    /// Effective scopes = the creator's role defaults; every use is audited as legacy.
    case legacy
}

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

extension RedisReply {
    /// The field/value pairs of an `HGETALL` reply.
    var hashFields: [String: String] {
        guard case .array(let items) = self else { return [:] }
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < items.count {
            if let name = items[index].stringValue, let value = items[index + 1].stringValue { fields[name] = value }
            index += 2
        }
        return fields
    }
}
