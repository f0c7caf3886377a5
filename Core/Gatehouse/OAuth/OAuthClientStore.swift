/// OAuth clients in Redis. A client is global (it may sign in users of any tenant), so its record
/// lives in its own hash slot; what a client holds in a tenant (codes, grants, consents, its
/// revocation record) lives in that tenant's slot.
///
/// ```
/// gh:oc:{<client_id>}               HASH    OAuthClient (registered clients, `mcp_…`)
/// gh:oc:{<client_id>}:tenants       SET     tenants in which the client holds grants
/// gh:cimd:{<sha256 of url>}         STRING  a cached client ID metadata document (≤ 1 day)
/// gh:{t}:oauthclients               SET     ids of the clients tenant t registered
/// gh:{t}:ocrev:<client_id>          STRING  deletion time: every token of the client in t is refused
/// gh:{t}:oac:<sha256>               HASH    an authorization code
/// gh:{t}:consent:<user>:<client_id> STRING  the scopes the user consented to for the client
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
