/// How the verified claims of an external issuer's token become a ``Principal``: which tenant,
/// which subject, which role (whose default scopes the principal gets), and which claims must hold
/// given values. Pure: no I/O.
public struct IssuerMapping: Sendable, Equatable {
    /// Where the tenant comes from.
    public enum Tenant: Sendable, Equatable {
        /// Every token of the issuer acts in this tenant.
        case fixed(String)
        /// The tenant id is the (string) value of this claim.
        case claim(ClaimPath)
    }

    /// Where the role comes from.
    public enum RoleSource: Sendable, Equatable {
        /// Every token of the issuer has this role.
        case fixed(Role)
        /// The claim's value (a string, or an array of strings such as Cognito's `cognito:groups`)
        /// is looked up in `map`; of several matches the highest role wins; with no match, `fallback`
        /// or, without one, the token is refused.
        case claim(ClaimPath, map: [String: Role], fallback: Role?)
    }

    /// The tenant.
    public var tenant: Tenant
    /// The claim whose string value is the subject (default `sub`).
    public var subject: ClaimPath
    /// The role.
    public var role: RoleSource
    /// Claims that must be present with these values (for an array claim: containing the value).
    public var requiredClaims: [(path: ClaimPath, value: JSONValue)]

    /// A mapping.
    public init(
        tenant: Tenant, subject: ClaimPath, role: RoleSource, requiredClaims: [(path: ClaimPath, value: JSONValue)]
    ) {
        self.tenant = tenant
        self.subject = subject
        self.role = role
        self.requiredClaims = requiredClaims
    }

    /// The message of every refusal: which rule failed is logged, not answered.
    static let refusal = GatehouseError.authentication("Invalid or expired access token")

    /// The principal of verified `claims`: credential type `external_jwt`, subject type `user`, the
    /// role's default scopes. Refused (401) when a required claim does not hold, the tenant or
    /// subject is missing or not a valid id, the tenant is the platform's, or no role applies.
    public func principal(claims: JSONObject) throws(GatehouseError) -> Principal {
        for (path, value) in requiredClaims {
            let actual = path.value(in: claims)
            guard actual == value || actual?.arrayValue?.contains(value) == true else { throw Self.refusal }
        }
        let tenantID: String
        switch tenant {
        case .fixed(let id): tenantID = id
        case .claim(let path):
            guard let id = path.value(in: claims)?.stringValue else { throw Self.refusal }
            tenantID = id
        }
        guard Identifier.isTenant(tenantID), tenantID != TenantKeys.platform.tenant,
            let subjectID = subject.value(in: claims)?.stringValue, Self.isSubject(subjectID),
            let role = role(of: claims)
        else { throw Self.refusal }
        return Principal(
            tenantID: tenantID, subject: subjectID, subjectType: .user, credentialType: .externalJWT,
            effectiveScopes: role.defaultScopes)
    }

    /// An external subject: 1 to 255 visible ASCII characters other than `{` and `}` (Auth0's
    /// `auth0|…` and Cognito's UUIDs alike), so it is safe in headers, logs and Redis keys.
    static func isSubject(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...255).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) && $0 != 0x7B && $0 != 0x7D }
    }

    /// The role the claims map to, if any.
    func role(of claims: JSONObject) -> Role? {
        switch role {
        case .fixed(let role): return role
        case .claim(let path, let map, let fallback):
            let value = path.value(in: claims)
            let names = value?.arrayValue?.compactMap(\.stringValue) ?? value?.stringValue.map { [$0] } ?? []
            return names.compactMap { map[$0] }.max() ?? fallback
        }
    }

    public static func == (lhs: IssuerMapping, rhs: IssuerMapping) -> Bool {
        lhs.tenant == rhs.tenant && lhs.subject == rhs.subject && lhs.role == rhs.role
            && lhs.requiredClaims.map(\.path) == rhs.requiredClaims.map(\.path)
            && lhs.requiredClaims.map(\.value) == rhs.requiredClaims.map(\.value)
    }
}
