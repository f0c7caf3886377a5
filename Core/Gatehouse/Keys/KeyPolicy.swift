/// The rules for minting keys, as pure functions (SPEC §4 keys).
public enum KeyPolicy {
    /// The longest lifetime a key may be given: ten years.
    public static let maximumLifetimeSeconds: Int64 = 10 * 365 * 86_400

    /// Validates a create request: 422 for malformed fields, 403 for scopes the caller does not
    /// hold (`details.missing_scope`) or a live key asked for by a test credential.
    ///
    /// - Parameter creatorRole: the role of the user the key will act for (the caller).
    public static func specification(
        _ body: JSONObject, principal: Principal, creatorRole: Role, now: Int64
    ) throws -> KeySpecification {
        let fields = BodyFields(object: body)
        let name = try requiredName(fields)
        let scopes = try requiredScopes(fields)
        let mode = try scopeMode(fields)
        try checkWithinCaller(mode == .legacy ? creatorRole.defaultScopes : scopes, principal: principal)
        let expiresAt = try expiry(fields, now: now)
        let appID = try appBinding(fields, principal: principal)
        let isTest = try testMode(fields, principal: principal)
        let limit = try fields.integer("rate_limit_per_minute", in: 1...1_000_000).map(Int.init)
        return KeySpecification(
            name: name, scopes: scopes, scopeMode: mode, expiresAt: expiresAt, appID: appID,
            isTest: isTest, rateLimitPerMinute: limit)
    }

    private static func requiredName(_ fields: BodyFields) throws -> String {
        guard let name = try fields.string("name", maxLength: 100) else {
            throw GatehouseError.validation("name is required", field: "name")
        }
        return name
    }

    private static func requiredScopes(_ fields: BodyFields) throws -> ScopeSet {
        guard let scopes = try fields.scopes("scopes"), !scopes.isEmpty else {
            throw GatehouseError.validation("scopes must name at least one scope", field: "scopes")
        }
        return scopes
    }

    private static func scopeMode(_ fields: BodyFields) throws -> ScopeMode {
        switch try fields.string("scope_mode", maxLength: 10) {
        case nil, "strict": .strict
        case "legacy": .legacy
        default: throw GatehouseError.validation("scope_mode must be strict or legacy", field: "scope_mode")
        }
    }

    /// What the new key could do must be within what the caller can do.
    private static func checkWithinCaller(_ granted: ScopeSet, principal: Principal) throws {
        if let missing = principal.effectiveScopes.missing(from: granted).first {
            throw GatehouseError.missingScope(missing.description)
        }
    }

    /// At most one of `expires_at` (ISO 8601, future, within ten years), `expires_in` (seconds) and
    /// `expires_in_days`; nil for a key that does not expire.
    private static func expiry(_ fields: BodyFields, now: Int64) throws -> Int64? {
        var expiresAt: Int64?
        if let text = try fields.string("expires_at", maxLength: 30) {
            guard let time = Timestamp.parseISO8601(text), time > now,
                time - now <= maximumLifetimeSeconds * 1000
            else {
                throw GatehouseError.validation(
                    "expires_at must be an ISO 8601 UTC time in the future, within ten years", field: "expires_at")
            }
            expiresAt = time
        }
        if let seconds = try fields.integer("expires_in", in: 60...maximumLifetimeSeconds) {
            guard expiresAt == nil else {
                throw GatehouseError.validation("give expires_at or expires_in, not both", field: "expires_in")
            }
            expiresAt = now + seconds * 1000
        }
        if let days = try fields.integer("expires_in_days", in: 1...3650) {
            guard expiresAt == nil else {
                throw GatehouseError.validation(
                    "give one of expires_at, expires_in, expires_in_days", field: "expires_in_days")
            }
            expiresAt = now + days * 86_400_000
        }
        return expiresAt
    }

    /// The app the key is bound to: the caller's own app, or one it names (a key bound to an app
    /// creates keys of that app only).
    private static func appBinding(_ fields: BodyFields, principal: Principal) throws -> String? {
        guard let appID = try fields.string("app_id", maxLength: 128) else { return principal.appID }
        guard Identifier.isObjectID(appID) else {
            throw GatehouseError.validation("app_id is not a valid id", field: "app_id")
        }
        if let current = principal.appID, current != appID { throw GatehouseError.appMismatch }
        return appID
    }

    /// Test or live: a test credential creates test keys only.
    private static func testMode(_ fields: BodyFields, principal: Principal) throws -> Bool {
        let isTest = try fields.boolean("is_test") ?? fields.boolean("test") ?? principal.isTest
        if principal.isTest && !isTest {
            throw GatehouseError.forbidden("A test credential cannot create live keys", reason: "test_mode")
        }
        return isTest
    }

    /// Whether revoking `keyID` would revoke the key this very request authenticates with.
    public static func isCurrentKey(_ keyID: String, principal: Principal) -> Bool {
        principal.credentialType == .apiKey && principal.keyID == keyID
    }

    /// The grace of a rotation in milliseconds: `grace_period_hours` from 0 to 168 (SPEC §4).
    public static func graceMilliseconds(_ body: JSONObject) throws -> Int64 {
        let hours = try BodyFields(object: body).integer("grace_period_hours", in: 0...168) ?? 0
        return hours * 3_600_000
    }
}
