/// Who a phone number signs in as: exactly one user of one tenant, or one platform administrator.
///
/// A number belongs to at most one owner across the whole deployment: creating a user or an
/// administrator with a number that is already indexed is refused (409), so OTP sign-in never has
/// to choose between tenants.
public enum PhoneOwner: Sendable, Equatable {
    /// A user of a tenant.
    case user(tenant: String, id: String)
    /// A platform administrator.
    case admin(id: String)

    /// The stored form: `user:<tenant>:<id>` or `admin:<id>`.
    public var stored: String {
        switch self {
        case .user(let tenant, let id): "user:\(tenant):\(id)"
        case .admin(let id): "admin:\(id)"
        }
    }

    /// Reads the stored form; nil for anything else.
    public init?(stored text: String) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts[0] == "user", Identifier.isTenant(parts[1]), Identifier.isObjectID(parts[2]) {
            self = .user(tenant: parts[1], id: parts[2])
        } else if parts.count == 2, parts[0] == "admin", Identifier.isObjectID(parts[1]) {
            self = .admin(id: parts[1])
        } else {
            return nil
        }
    }

    /// The storage keys of the owner's records: its tenant's, or the platform's for administrators.
    public var keys: TenantKeys {
        switch self {
        case .user(let tenant, _): TenantKeys(tenant)
        case .admin: TenantKeys.platform
        }
    }

    /// The key of the owner's record (a user or an administrator hash).
    public var recordKey: String {
        switch self {
        case .user(let tenant, let id): TenantKeys(tenant).user(id)
        case .admin(let id): TenantKeys.platform.admin(id)
        }
    }

    /// The owner's id.
    public var id: String {
        switch self {
        case .user(_, let id), .admin(let id): id
        }
    }

    /// Whether the owner is a platform administrator.
    public var isAdmin: Bool {
        if case .admin = self { return true }
        return false
    }
}
