/// A group of `GATEHOUSE_*` settings that a function reads together. A function parses only the
/// groups it is described with in ``RouteCatalog/functions``, and refuses to start when a group's
/// required setting is missing or invalid (SPEC §9).
public enum SettingGroup: String, CaseIterable, Sendable, Comparable {
    /// Issuer, audience, token lifetime, cookie name, trusted proxies, maintenance, mode, logging:
    /// read by every process.
    case common
    /// How to reach Redis.
    case redis
    /// The private JWK Set and the access-token algorithm. Required.
    case signingKeys
    /// The server secret (OTP HMACs, refresh tokens, sealed idempotent replays). Required.
    case serverSecret
    /// OTP limits, phone normalisation and the sender. The sender is required.
    case otp
    /// Session and refresh-token lifetimes.
    case sessions
    /// Signing proofs: an EdDSA key must exist, named by `GATEHOUSE_PROOF_KEY_ID` when access tokens
    /// are EdDSA too.
    case proof
    /// The external identity providers whose tokens the authenticator accepts (optional).
    case trustedIssuers
    /// OAuth 2.1 authorization (OAUTH.md): registration, protected resources, code lifetime.
    case oauth

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The variables of the group, in the order deployment files list them.
    public var variables: [SettingVariable] {
        switch self {
        case .common:
            [
                .init("GATEHOUSE_ISSUER", deployed: true, example: "https://auth.example.com", "The `iss` of every token and the base URL of discovery"),
                .init("GATEHOUSE_AUDIENCE", deployed: true, example: "gatehouse", "The `aud` of access tokens (default gatehouse)"),
                .init("GATEHOUSE_TOKEN_TTL", "Access-token lifetime in seconds (default 3600)"),
                .init("GATEHOUSE_COOKIE_NAME", "Session cookie name (default __Host-gh_session)"),
                .init("GATEHOUSE_TRUSTED_PROXIES", "Comma-separated addresses or CIDR ranges of trusted proxies"),
                .init("GATEHOUSE_MAINTENANCE", "true answers 503 on every route but discovery"),
                .init(
                    "GATEHOUSE_AUDIT_REQUIRED",
                    "true: a JWT-only verify whose audit record cannot be written answers 503 (default false)"),
                .init("GATEHOUSE_MODE", "production (default), local or test"),
                .init("GATEHOUSE_LOG_LEVEL", "trace … critical (default info)"),
                .init("GATEHOUSE_TRANSPORT", "Overrides transport detection: cgi, event, lambda or watchdog"),
            ]
        case .redis:
            [
                .init("GATEHOUSE_REDIS_URL", secret: true, deployed: true, "redis://, unix://, redis-cluster:// (a seed list) or redis-sentinel:// (sentinels/master)"),
                .init("GATEHOUSE_REDIS_CONNECT_TIMEOUT_MS", "Connect timeout (default 250)"),
                .init("GATEHOUSE_REDIS_COMMAND_TIMEOUT_MS", "Command timeout (default 500)"),
                .init(
                    "GATEHOUSE_REDIS_DURABLE_WRITES",
                    "none (default) or replica: revocations, logout and rotations wait for a replica (WAIT 1)"),
                .init(
                    "GATEHOUSE_REDIS_SLOT_MAP_FILE",
                    "A file caching the cluster slot map or the sentinel-named primary, so cold functions skip a detour"),
            ]
        case .signingKeys:
            [
                .init("GATEHOUSE_SIGNING_KEYS", secret: true, deployed: true, required: true, "The private JWK Set"),
                .init("GATEHOUSE_TOKEN_ALG", "Access-token algorithm: ES256 (default), EdDSA or RS256"),
                .init("GATEHOUSE_PROOF_KEY_ID", "kid of the EdDSA key that signs proofs, never access tokens"),
            ]
        case .serverSecret:
            [.init("GATEHOUSE_SERVER_SECRET", secret: true, deployed: true, required: true, "At least 32 bytes of random text")]
        case .otp:
            [
                .init("GATEHOUSE_OTP_SENDER", deployed: true, required: true, example: "webhook", "webhook, twilio or log (local and test only)"),
                .init("GATEHOUSE_OTP_WEBHOOK_URL", deployed: true, example: "https://hooks.example.com/gatehouse/otp", "Where the webhook sender posts codes"),
                .init("GATEHOUSE_OTP_WEBHOOK_SECRET", secret: true, deployed: true, "whsec_… Standard Webhooks secret"),
                .init("GATEHOUSE_OTP_TWILIO_URL", "Twilio-style Messages URL (twilio sender)"),
                .init("GATEHOUSE_OTP_TWILIO_ACCOUNT_SID", secret: true, "Basic-auth user (twilio sender)"),
                .init("GATEHOUSE_OTP_TWILIO_AUTH_TOKEN", secret: true, "Basic-auth password (twilio sender)"),
                .init("GATEHOUSE_OTP_FROM", "Sender number (twilio sender)"),
                .init("GATEHOUSE_OTP_SENDER_TIMEOUT_MS", "Delivery timeout (default 5000)"),
                .init("GATEHOUSE_OTP_TTL", "Code lifetime in seconds (default 600)"),
                .init("GATEHOUSE_OTP_DEFAULT_COUNTRY_CODE", "Calling code for national numbers (default 1)"),
            ]
        case .sessions:
            [
                .init("GATEHOUSE_SESSION_TTL", "Session and refresh-token lifetime in seconds (default 604800)"),
                .init("GATEHOUSE_REFRESH_GRACE", "Seconds a rotated refresh token returns the same child (default 30)"),
            ]
        case .proof:
            []
        case .trustedIssuers:
            [
                .init(
                    "GATEHOUSE_TRUSTED_ISSUERS", secret: true,
                    "External identity providers whose tokens are accepted (JSON document; may hold HS256 secrets)")
            ]
        case .oauth:
            [
                .init("GATEHOUSE_OAUTH_REGISTRATION", "open (default) or closed: who may register OAuth clients"),
                .init(
                    "GATEHOUSE_OAUTH_RESOURCES",
                    "Comma-separated URLs of the protected resources (MCP servers) tokens may be issued for"),
                .init("GATEHOUSE_OAUTH_CODE_TTL", "Authorization-code lifetime in seconds, 60–600 (default 60)"),
                .init(
                    "GATEHOUSE_OAUTH_CLIENT_IDLE_TTL",
                    "Seconds an openly registered client lives until a login completes (default 86400)"),
                .init("GATEHOUSE_OAUTH_REGISTRATIONS_PER_HOUR", "Registrations per client IP per hour (default 20)"),
            ]
        }
    }
}
