/// OAuth clients in Redis. A client is global (it may sign in users of any tenant), so its record
/// lives in its own hash slot; what a client holds in a tenant (codes, grants, consents, its
/// revocation record) lives in that tenant's slot.
///
/// ```
/// gh:oc:{<client_id>}               HASH    OAuthClient (registered clients, `mcp_…`)
/// gh:oc:{<client_id>}:tenants       SET     tenants in which the client holds grants
/// gh:cimd:{<sha256 of url>}         STRING  a cached client ID metadata document (≤ 1 day)
/// gh:{t}:oauthclients               SET     ids of the clients tenant t registered
/// gh:{t}:oauthgrants                SET     ids of the registered clients holding grants in t
/// gh:{t}:ocrev:<client_id>          STRING  deletion time: every token of the client in t is refused
/// gh:{t}:oac:<sha256>               HASH    an authorization code
/// gh:{t}:consent:<client_id>        HASH    user id → the scopes the user consented to
/// ```
public enum OAuthClientStore {
    /// The prefix of registered client ids (seed 003).
    public static let idPrefix = "mcp_"

    /// A new client id, `mcp_` and 24 random base62 characters.
    public static func generateID() -> String { idPrefix + Base62.random(count: 24) }

    /// The record key of a registered client.
    public static func recordKey(_ id: String) -> String { "gh:oc:{\(id)}" }

    /// The set of tenants in which a client holds grants.
    public static func tenantsKey(_ id: String) -> String { recordKey(id) + ":tenants" }

    /// Whether `text` has the shape of a registered client id (checked before any lookup).
    public static func isRegisteredID(_ text: String) -> Bool {
        text.hasPrefix(idPrefix) && text.utf8.count <= 64 && Identifier.isObjectID(text)
    }

    /// A registered client by id, one round trip; nil when unknown, expired or deleted.
    public static func registered(_ id: String, redis: RedisClient) throws -> OAuthClient? {
        guard isRegisteredID(id) else { return nil }
        return OAuthClient(fields: try redis.command(["HGETALL", .string(recordKey(id))]).hashFields)
    }
}

extension OAuthClientStore {
    /// The client a request names: a registered `mcp_…` client (one round trip), or the client a
    /// client ID metadata document describes (an `https://` id: one round trip when cached, else a
    /// fetch, ``OAuthMetadataDocument``); nil when unknown, expired, deleted or unusable.
    public static func client(_ id: String, context: HandlerContext) throws -> OAuthClient? {
        if isRegisteredID(id) { return try registered(id, redis: context.redis) }
        if OAuthMetadataDocument.isDocumentID(id, mode: context.configuration.mode) {
            return try OAuthMetadataDocument.client(id, context: context)
        }
        return nil
    }

    /// Notes that a user of `tenant` completed a login with the client: the tenant joins the
    /// client's grant set (so deleting the client reaches it) and the client joins the tenant's
    /// set and list index (so the tenant lists it), and an openly registered client stops
    /// expiring. A client whose record has gone (expired unused, or deleted) joins nothing.
    /// Metadata-document clients have no record to keep. Two round trips (the client's slot, then
    /// the tenant's).
    public static func recordGrant(clientID: String, tenant: String, redis: RedisClient) throws {
        guard isRegisteredID(clientID) else { return }
        let kept = try redis.evaluate(
            keepScript, keys: [.string(recordKey(clientID)), .string(tenantsKey(clientID))],
            arguments: [.string(tenant)])
        if let message = kept.errorMessage { throw RedisError.server(message) }
        guard let createdAt = kept.stringValue.flatMap({ Int64($0) }) else { return }
        for reply in try redis.pipeline([
            joinCommand(clientID, createdAt: createdAt, set: grantsKey(tenant: tenant), tenant: tenant)
        ]) {
            if let message = reply.errorMessage { throw RedisError.server(message) }
        }
    }

    /// KEYS[1] the client's record, KEYS[2] its tenant set; ARGV[1] the tenant. The record's
    /// `created_at` once both are kept for good, false when the record is gone.
    static let keepScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        redis.call('SADD', KEYS[2], ARGV[1])
        redis.call('PERSIST', KEYS[1])
        redis.call('PERSIST', KEYS[2])
        return redis.call('HGET', KEYS[1], 'created_at') or '0'
        """)
}
