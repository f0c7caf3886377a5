/// Who a live session or refresh token acts for, after every check passed.
public enum SessionSubject: Sendable, Equatable {
    case user(UserRecord)
    case admin(PlatformAdminRecord)

    /// Reads an owner hash as the kind says.
    init?(kind: SessionRecord.Kind, fields: [String: String]) {
        switch kind {
        case .user:
            guard let user = UserRecord(fields: fields) else { return nil }
            self = .user(user)
        case .admin:
            guard let admin = PlatformAdminRecord(fields: fields) else { return nil }
            self = .admin(admin)
        }
    }

    /// Whether the user or administrator is active.
    public var isActive: Bool {
        switch self {
        case .user(let user): user.status == .active
        case .admin(let admin): admin.status == .active
        }
    }

    /// The subject id.
    public var id: String {
        switch self {
        case .user(let user): user.id
        case .admin(let admin): admin.id
        }
    }

    /// The `user` object of responses.
    public var publicJSON: JSONObject {
        switch self {
        case .user(let user):
            [
                "id": .string(user.id), "type": "user", "tenant": .string(user.tenant),
                "role": .string(user.role.rawValue),
                "phone": user.phone.map { .string($0) } ?? .null,
            ]
        case .admin(let admin): admin.publicJSON
        }
    }

    /// Signs an access token for the subject (SPEC §5): a user gets their role's default scopes in
    /// their tenant; an administrator gets `platform:admin` with `tid` `_platform`.
    func accessToken(
        sessionID: String, clientID: String, configuration: Configuration, now: Int64
    ) throws
        -> AccessTokenIssuer.IssuedToken
    {
        switch self {
        case .user(let user):
            try AccessTokenIssuer.issue(
                subject: user.id, tenant: user.tenant, scopes: user.role.defaultScopes, clientID: clientID,
                sessionID: sessionID, isTest: user.isTest, configuration: configuration, now: now)
        case .admin(let admin):
            try AccessTokenIssuer.issue(
                subject: admin.id, tenant: TenantKeys.platform.tenant, scopes: ScopeSet(["platform:admin"]),
                clientID: clientID, sessionID: sessionID, configuration: configuration, now: now)
        }
    }
}
