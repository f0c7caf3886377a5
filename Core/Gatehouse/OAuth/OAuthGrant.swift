/// An open OAuth grant: a session of kind user with the client, scope and resource it was
/// granted for (OAUTH-DESIGN.md "Redis key layout").
public struct OAuthGrant: Sendable, Equatable {
    /// The session id, the `sid` of the grant's access tokens.
    public var session: String
    public var clientID: String
    /// The scopes the user granted (an access token carries them ∩ the user's role defaults).
    public var scopes: ScopeSet
    /// nil: Gatehouse's own API.
    public var resource: OAuthResource?

    /// A grant.
    public init(session: String, clientID: String, scopes: ScopeSet, resource: OAuthResource?) {
        self.session = session
        self.clientID = clientID
        self.scopes = scopes
        self.resource = resource
    }

    /// Signs an access token of the grant for its user (SPEC §5): `client_id` the client, `aud`
    /// the grant's resource, `scope` the granted scopes (or `narrowed`, already checked to lie
    /// within them) ∩ the user's role defaults, `sid` the grant.
    public func accessToken(
        for subject: SessionSubject, narrowed: ScopeSet? = nil, configuration: Configuration, now: Int64
    ) throws -> AccessTokenIssuer.IssuedToken {
        guard case .user(let user) = subject else { throw GatehouseError.internal }
        return try AccessTokenIssuer.issue(
            subject: user.id, tenant: user.tenant, scopes: (narrowed ?? scopes).intersection(user.role.defaultScopes),
            clientID: clientID, sessionID: session, isTest: user.isTest,
            audience: configuration.audience(for: resource), configuration: configuration, now: now)
    }
}
