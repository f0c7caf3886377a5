/// Authorization codes (OAUTH.md "Token endpoint"): opaque `ghc_<tenant>.<256 bits>`, stored only as
/// SHA-256 in the user's tenant, single use, bound to the client, the redirect URI as requested,
/// the PKCE challenge, the resource and the granted scopes.
///
/// ```
/// gh:{t}:oac:<sha256>  HASH  client, subject, redirect_uri, redirect_uri_given (1|0), challenge (S256),
///                            resource ('' = none), scope, created_at, expires_at (ms),
///                            state (issued|redeemed), grant (the session id, once redeemed)
/// ```
/// The record outlives the code's lifetime by ``reuseWindowSeconds`` so that a second redemption is
/// recognised (and revokes what the first issued) rather than looking like an unknown code.
public enum OAuthCodeStore {
    /// How long a redeemed or expired code's record is kept to detect reuse.
    public static let reuseWindowSeconds: Int64 = 3600

    /// What a code is issued for.
    public struct Grant: Sendable, Equatable {
        public var clientID: String
        /// The user who approved.
        public var subject: String
        public var tenant: String
        /// The `redirect_uri` of the authorization request exactly as sent; nil when it was omitted
        /// (the client's only registered URI was used).
        public var requestedRedirectURI: String?
        /// BASE64URL(SHA256(verifier)), 43 characters.
        public var codeChallenge: String
        public var resource: OAuthResource?
        public var scopes: ScopeSet

        public init(
            clientID: String, subject: String, tenant: String, requestedRedirectURI: String?, codeChallenge: String,
            resource: OAuthResource?, scopes: ScopeSet
        ) {
            self.clientID = clientID
            self.subject = subject
            self.tenant = tenant
            self.requestedRedirectURI = requestedRedirectURI
            self.codeChallenge = codeChallenge
            self.resource = resource
            self.scopes = scopes
        }
    }

    /// The record key of a code.
    public static func recordKey(_ code: OpaqueToken) -> String { code.keys.prefix + "oac:" + code.hashHex }

    /// Issues a code for an approved authorization request (one round trip in the tenant's slot,
    /// then one in the client's, ``OAuthClientStore/recordGrant(clientID:tenant:redis:)``).
    public static func issue(
        _ grant: Grant, lifetimeSeconds: Int64, now: Int64, redis: RedisClient
    ) throws -> OpaqueToken {
        let code = OpaqueToken.generate(.authorizationCode, tag: grant.tenant)
        let key = recordKey(code)
        let expiresAt = now + lifetimeSeconds * 1000
        let fields: [(String, String)] = [
            ("client", grant.clientID), ("subject", grant.subject), ("redirect_uri", grant.requestedRedirectURI ?? ""),
            ("redirect_uri_given", grant.requestedRedirectURI == nil ? "0" : "1"), ("challenge", grant.codeChallenge),
            ("resource", grant.resource?.uri ?? ""), ("scope", grant.scopes.description), ("created_at", String(now)),
            ("expires_at", String(expiresAt)), ("state", "issued"),
        ]
        let replies = try redis.pipeline([
            ["HSET", .string(key)] + fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] },
            ["PEXPIREAT", .string(key), .integer(expiresAt + reuseWindowSeconds * 1000)],
        ])
        for reply in replies { if case .error(let message) = reply { throw RedisError.server(message) } }
        try OAuthClientStore.recordGrant(clientID: grant.clientID, tenant: grant.tenant, redis: redis)
        return code
    }
}
