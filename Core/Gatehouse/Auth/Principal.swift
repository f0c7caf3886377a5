/// Who is calling: what every credential resolves to before any handler runs (SPEC §2).
///
/// Handlers see only this, never the credential itself, so scope checks are identical whatever
/// the caller presented.
public struct Principal: Sendable, Equatable {
    /// What kind of party the subject is.
    public enum SubjectType: String, Sendable {
        case user, agent, platform, service
    }

    /// How the caller proved who it is.
    public enum CredentialType: String, Sendable {
        case apiKey = "api_key"
        case agentKey = "agent_key"
        case platformCredential = "platform_credential"
        case accessToken = "access_token"
        /// The session cookie of an OTP login (``keyID`` is the session id, `ses_…`).
        case session
        /// A token of a trusted external issuer (SPEC §5 "External issuers").
        case externalJWT = "external_jwt"
    }

    /// The tenant every action of the request is confined to.
    public var tenantID: String
    /// The user, agent or platform id acting.
    public var subject: String
    /// What kind of party ``subject`` is.
    public var subjectType: SubjectType
    /// Whether a credential may act for any app of its tenant or is bound to one (SPEC §2).
    public enum KeyScope: String, Sendable {
        case tenant, app
    }

    /// The app the request acts for: the key's app, or the `X-App-Id` a tenant-scoped key chose.
    public var appID: String?
    /// Whether the credential is tenant-scoped (any app, chosen by `X-App-Id`) or app-scoped.
    public var keyScope: KeyScope = .tenant
    /// How the caller authenticated.
    public var credentialType: CredentialType
    /// The id of the key, agent key or platform credential presented (for access tokens, the key
    /// the token was minted from, if any; for sessions, the session id).
    public var keyID: String?
    /// The display prefix of the presented secret, for audit records; never the secret.
    public var keyPrefix: String?
    /// What the request may do.
    public var effectiveScopes: ScopeSet
    /// Whether the credential is a test-mode credential (sees the tenant's test data only).
    public var isTest: Bool
    /// Whether the credential is a legacy-mode key (role defaults; every request audited as such).
    public var legacyMode: Bool

    /// A principal.
    public init(
        tenantID: String, subject: String, subjectType: SubjectType, appID: String? = nil,
        credentialType: CredentialType, keyID: String? = nil, keyPrefix: String? = nil, effectiveScopes: ScopeSet,
        isTest: Bool = false, legacyMode: Bool = false
    ) {
        self.tenantID = tenantID
        self.subject = subject
        self.subjectType = subjectType
        self.appID = appID
        self.credentialType = credentialType
        self.keyID = keyID
        self.keyPrefix = keyPrefix
        self.effectiveScopes = effectiveScopes
        self.isTest = isTest
        self.legacyMode = legacyMode
    }

    /// The principal as SPEC §2 names its fields (the body of `/v1/verify`).
    public var json: JSONObject {
        [
            "tenant_id": .string(tenantID), "subject": .string(subject), "subject_type": .string(subjectType.rawValue),
            "app_id": appID.map(JSONValue.string) ?? .null, "key_scope": .string(keyScope.rawValue),
            "credential_type": .string(credentialType.rawValue),
            "key_id": keyID.map(JSONValue.string) ?? .null,
            "effective_scopes": .array(effectiveScopes.scopes.map { .string($0.description) }),
            "is_test": .bool(isTest), "legacy_mode": .bool(legacyMode),
        ]
    }

    /// An id for the credential, to scope idempotency records and rate limits by.
    public var credentialIdentity: String {
        credentialType.rawValue + ":" + (keyID ?? subject)
    }
}
