/// What authentication needs to know about one stored secret, kept under the secret's own hash
/// (`gh:cred:{<sha256>}`) so that a request naming no tenant resolves in one round trip.
///
/// It is a copy: the tenant's records (`gh:{t}:key:<id>`, `…:agent:<id>`, `…:platform:<id>`)
/// stay the source of truth for management, and every change that affects authentication
/// (revocation, rotation, a creator's role or status) writes the snapshot first.
public struct CredentialSnapshot: Sendable, Equatable {
    /// Which kind of credential the secret is.
    public enum Kind: String, Sendable {
        case apiKey = "api_key"
        case agentKey = "agent_key"
        case platform
    }

    public var kind: Kind
    public var tenant: String
    /// The key, agent or platform id.
    public var id: String
    /// Who acts: the key's creator (a user), the agent, or the platform id.
    public var subject: String
    /// Lower-case hex SHA-256 of the secret.
    public var hashHex: String
    /// The display prefix of the secret.
    public var prefix: String
    /// The credential's own scopes.
    public var scopes: ScopeSet
    public var scopeMode: ScopeMode
    /// Unix milliseconds after which the credential is refused, if any.
    public var expiresAt: Int64?
    /// Unix milliseconds from which the credential is refused (revocation, or a rotation's grace end).
    public var revokedAt: Int64?
    public var isTest: Bool
    /// The app an app-scoped key is bound to.
    public var appID: String?
    /// A per-credential limit for the verify route, requests per minute.
    public var rateLimitPerMinute: Int?
    /// For API keys: the role and status of the creating user.
    public var creatorRole: Role?
    public var creatorActive: Bool

    public init(
        kind: Kind, tenant: String, id: String, subject: String, hashHex: String, prefix: String, scopes: ScopeSet,
        scopeMode: ScopeMode = .strict, expiresAt: Int64? = nil, revokedAt: Int64? = nil, isTest: Bool = false,
        appID: String? = nil, rateLimitPerMinute: Int? = nil, creatorRole: Role? = nil, creatorActive: Bool = true
    ) {
        self.kind = kind
        self.tenant = tenant
        self.id = id
        self.subject = subject
        self.hashHex = hashHex
        self.prefix = prefix
        self.scopes = scopes
        self.scopeMode = scopeMode
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.isTest = isTest
        self.appID = appID
        self.rateLimitPerMinute = rateLimitPerMinute
        self.creatorRole = creatorRole
        self.creatorActive = creatorActive
    }

    /// The snapshot of an API key and its creator.
    public init(key: KeyRecord, creator: UserRecord) {
        self.init(
            kind: .apiKey, tenant: key.tenant, id: key.id, subject: key.createdBy, hashHex: key.hashHex,
            prefix: key.prefix, scopes: key.scopes, scopeMode: key.scopeMode, expiresAt: key.expiresAt,
            revokedAt: key.revokedAt, isTest: key.isTest, appID: key.appID, rateLimitPerMinute: key.rateLimitPerMinute,
            creatorRole: creator.role, creatorActive: creator.status == .active)
    }

    /// A snapshot from a Redis hash; nil when required fields are missing or invalid.
    init?(fields: [String: String]) {
        guard let kind = fields["kind"].flatMap(Kind.init), let tenant = fields["tenant"], let id = fields["id"],
            let subject = fields["subject"], let hashHex = fields["hash"],
            let scopes = ScopeSet(parsing: fields["scopes"] ?? ""),
            let mode = ScopeMode(rawValue: fields["scope_mode"] ?? "strict")
        else { return nil }
        self.init(
            kind: kind, tenant: tenant, id: id, subject: subject, hashHex: hashHex, prefix: fields["prefix"] ?? "",
            scopes: scopes, scopeMode: mode, expiresAt: Int64(fields["expires_at"] ?? ""),
            revokedAt: Int64(fields["revoked_at"] ?? ""), isTest: fields["is_test"] == "1",
            appID: fields["app_id"].flatMap { $0.isEmpty ? nil : $0 },
            rateLimitPerMinute: Int(fields["rate_limit"] ?? ""),
            creatorRole: fields["creator_role"].flatMap(Role.init),
            creatorActive: fields["creator_status"] != "disabled")
    }

    var fields: [(String, String)] {
        [
            ("kind", kind.rawValue), ("tenant", tenant), ("id", id), ("subject", subject), ("hash", hashHex),
            ("prefix", prefix), ("scopes", scopes.description), ("scope_mode", scopeMode.rawValue),
            ("expires_at", expiresAt.map(String.init) ?? ""), ("revoked_at", revokedAt.map(String.init) ?? ""),
            ("is_test", isTest ? "1" : "0"), ("app_id", appID ?? ""),
            ("rate_limit", rateLimitPerMinute.map(String.init) ?? ""), ("creator_role", creatorRole?.rawValue ?? ""),
            ("creator_status", creatorActive ? "active" : "disabled"),
        ]
    }

    /// Whether the credential may be used at a time.
    public func isUsable(at now: Int64) -> Bool {
        (revokedAt.map { $0 > now } ?? true) && (expiresAt.map { $0 > now } ?? true) && creatorActive
    }
}
