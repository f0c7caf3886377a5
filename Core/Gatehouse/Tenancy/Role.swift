/// A user's role in a tenant, ordered `viewer < editor < admin < owner`.
public enum Role: String, Sendable, Comparable, CaseIterable {
    case viewer, editor, admin, owner

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .editor: 1
        case .admin: 2
        case .owner: 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// The scopes a role grants by default (SPEC §2).
    public var defaultScopes: ScopeSet {
        switch self {
        case .viewer: ScopeSet(["*:read"])
        case .editor: ScopeSet(["*:read", "*:write"])
        case .admin: ScopeSet(["*:read", "*:write", "keys:manage", "users:manage", "audit:read"])
        case .owner: ScopeSet(["*"])
        }
    }
}
