/// The rules that turn a presented secret and its stored snapshot into a ``Principal``, as pure
/// functions (SPEC §2, §3).
public enum AuthenticationPolicy {
    /// Scopes an agent key always holds: reading its own agent record.
    public static let agentBaseScopes = ScopeSet(["agents:read"])

    /// Decides whether `presented` authenticates, given what the store holds under its hash.
    ///
    /// - Parameters:
    ///   - requestedApp: the `X-App-Id` header, if sent.
    ///   - now: Unix milliseconds.
    public static func principal(
        presented: PresentedCredential, snapshot: CredentialSnapshot?, requestedApp: String?, now: Int64
    ) throws(GatehouseError) -> Principal {
        guard let secret = presented.secret, let snapshot,
            ConstantTime.equals(snapshot.hashHex, secret.hashHex), snapshot.isTest == secret.isTest,
            snapshot.isUsable(at: now)
        else { throw GatehouseError.authentication() }

        let principal: Principal
        switch (presented, snapshot.kind) {
        case (.apiKey(_, let keyID), .apiKey):
            guard keyID.map({ $0 == snapshot.id }) ?? true, let role = snapshot.creatorRole else {
                throw GatehouseError.authentication()
            }
            let scopes =
                snapshot.scopeMode == .legacy ? role.defaultScopes : snapshot.scopes.intersection(role.defaultScopes)
            principal = Principal(
                tenantID: snapshot.tenant, subject: snapshot.subject, subjectType: .user, appID: snapshot.appID,
                credentialType: .apiKey, keyID: snapshot.id, keyPrefix: snapshot.prefix, effectiveScopes: scopes,
                isTest: snapshot.isTest, legacyMode: snapshot.scopeMode == .legacy)
        case (.agentKey, .agentKey):
            principal = Principal(
                tenantID: snapshot.tenant, subject: snapshot.subject, subjectType: .agent, appID: snapshot.appID,
                credentialType: .agentKey, keyID: snapshot.id, keyPrefix: snapshot.prefix,
                effectiveScopes: ScopeSet(snapshot.scopes.scopes + agentBaseScopes.scopes), isTest: snapshot.isTest)
        case (.platform(let id, _), .platform):
            guard id == snapshot.id else { throw GatehouseError.authentication() }
            principal = Principal(
                tenantID: snapshot.tenant, subject: snapshot.subject, subjectType: .platform,
                credentialType: .platformCredential, keyID: snapshot.id, keyPrefix: snapshot.prefix,
                effectiveScopes: snapshot.scopes, isTest: snapshot.isTest)
        default:
            throw GatehouseError.authentication()
        }
        return try selectingApp(principal, requestedApp: requestedApp)
    }

    /// The refusal of a platform administrator's credential (session cookie, or access token with
    /// `tid` `_platform`) on a tenant route: 403 `forbidden`, `details.reason` `platform_admin`.
    /// Administrators are authenticated but are no tenant's principal; their sessions are accepted
    /// only by the admin routes, which read the session themselves.
    public static let platformAdminRefusal = GatehouseError.forbidden(
        "Platform administrator credentials are accepted on admin routes only", reason: "platform_admin")

    /// The principal a live session acts as (the session is already checked live: not revoked,
    /// not expired, its subject active): a user in the user's tenant with the role's default scopes
    /// and credential type `session`; an administrator's session is refused with
    /// ``platformAdminRefusal``.
    ///
    /// - Parameter sessionID: the session's public id (`ses_…`), reported as the key id.
    public static func principal(
        sessionID: String, subject: SessionSubject, requestedApp: String?
    ) throws(GatehouseError) -> Principal {
        guard case .user(let user) = subject else { throw platformAdminRefusal }
        let principal = Principal(
            tenantID: user.tenant, subject: user.id, subjectType: .user, credentialType: .session, keyID: sessionID,
            effectiveScopes: user.role.defaultScopes, isTest: user.isTest)
        return try selectingApp(principal, requestedApp: requestedApp)
    }

    /// The principal an access token's verified claims describe. A token minted for a platform
    /// administrator (`tid` `_platform`) is refused with ``platformAdminRefusal``.
    public static func principal(claims: JSONObject, requestedApp: String?) throws(GatehouseError) -> Principal {
        if claims["tid"]?.stringValue == TenantKeys.platform.tenant { throw platformAdminRefusal }
        guard let tenant = claims["tid"]?.stringValue, Identifier.isTenant(tenant),
            let subject = claims["sub"]?.stringValue, !subject.isEmpty,
            let scopes = ScopeSet(parsing: claims["scope"]?.stringValue ?? "")
        else { throw GatehouseError.authentication("Invalid or expired access token") }
        let keyID = claims["act"]?["key_id"]?.stringValue ?? claims["client_id"]?.stringValue
        let principal = Principal(
            tenantID: tenant, subject: subject, subjectType: .user, appID: claims["app_id"]?.stringValue,
            credentialType: .accessToken, keyID: keyID, effectiveScopes: scopes,
            isTest: claims["test"]?.boolValue ?? false)
        return try selectingApp(principal, requestedApp: requestedApp)
    }

    /// Applies `X-App-Id`: an app-scoped credential refuses any other app (403 `app_mismatch`);
    /// a tenant-scoped one acts for the app the request names.
    public static func selectingApp(_ principal: Principal, requestedApp: String?) throws(GatehouseError) -> Principal {
        var principal = principal
        if principal.appID != nil { principal.keyScope = .app }
        guard let requestedApp else { return principal }
        guard Identifier.isObjectID(requestedApp) else {
            throw GatehouseError.invalidRequest("X-App-Id is not a valid id")
        }
        if let bound = principal.appID {
            guard bound == requestedApp else { throw GatehouseError.appMismatch }
            return principal
        }
        var selected = principal
        selected.appID = requestedApp
        return selected
    }

    /// Which per-principal limit applies on the verify route (SPEC §4): the credential's own limit
    /// when set, else 100/min for agents and 1000/min for platforms; nil means unlimited.
    public static func verifyLimit(kind: CredentialSnapshot.Kind, perCredential: Int?) -> Int? {
        if let perCredential { return perCredential }
        switch kind {
        case .agentKey: return 100
        case .platform: return 1000
        case .apiKey: return nil
        }
    }
}
