/// The Redis key layout. Everything of one tenant shares the hash tag `{<tenant>}`, so every
/// multi-key script of a request runs on one node of a cluster.
///
/// ```
/// gh:{t}:tenant          HASH   the tenant record
/// gh:{t}:user:<id>       HASH   a user record
/// gh:{t}:users           SET    user ids
/// gh:{t}:key:<id>        HASH   an API key record (SHA-256 of the secret, never the secret)
/// gh:{t}:keys            SET    key ids
/// gh:{t}:keyhash         HASH   secret hash (hex) → key id
/// gh:{t}:rl:<rule>:<id>  HASH   a rate-limit window (start, count)
/// gh:{t}:userkeys:<user> SET    hashes of the keys a user created
/// gh:{t}:agent:<id>      HASH   an agent (SHA-256 of its key)      gh:{t}:agents     SET
/// gh:{t}:platform:<id>   HASH   a platform credential              gh:{t}:platforms  SET
/// gh:{t}:app:<id>        HASH   an app                             gh:{t}:apps       SET
/// gh:{t}:<list>:order    ZSET   the page order of keys, users, agents, apps (``ListIndex``)
/// gh:{t}:slots           HASH   primary/secondary slot → key id (seed 004)
/// gh:{t}:audit           STREAM the audit log (capped)
/// gh:{t}:idem:<cred>:<k> HASH   an idempotency record (24 h)
/// gh:kh:<hash>           STRING tenant of a key hash, for routes that name no tenant
/// gh:{_platform}:tenant:<t> HASH the tenant directory entry (+ gh:{_platform}:tenants SET and :order)
/// gh:cred:{<hash>}       HASH   authentication snapshot of any secret (one round trip)
/// gh:cred:{<hash>}:rl    HASH   the secret's per-principal rate-limit window
/// ```
public struct TenantKeys: Sendable {
    /// The tenant id.
    public let tenant: String
    /// `gh:{tenant}:`, the prefix of every key of the tenant.
    public let prefix: String

    /// The keys of one tenant; the id must be a valid ``Identifier/tenant``.
    public init(_ tenant: String) {
        self.tenant = tenant
        self.prefix = "gh:{\(tenant)}:"
    }

    public var tenantRecord: String { prefix + "tenant" }
    public var users: String { prefix + "users" }
    public var keys: String { prefix + "keys" }
    public var keyHashIndex: String { prefix + "keyhash" }
    public func user(_ id: String) -> String { prefix + "user:" + id }
    public func key(_ id: String) -> String { prefix + "key:" + id }
    /// Hashes of the keys a user created (their snapshots follow the user's role and status).
    public func userKeys(_ user: String) -> String { prefix + "userkeys:" + user }
    public func agent(_ id: String) -> String { prefix + "agent:" + id }
    public var agents: String { prefix + "agents" }
    public func platform(_ id: String) -> String { prefix + "platform:" + id }
    public var platforms: String { prefix + "platforms" }
    public func app(_ id: String) -> String { prefix + "app:" + id }
    public var apps: String { prefix + "apps" }
    /// The page order of the API keys (a test key sees test keys only).
    public var keyIndex: ListIndex { ListIndex(set: keys, record: key, byMode: true) }
    /// The page order of the users (a test key sees test users only).
    public var userIndex: ListIndex { ListIndex(set: users, record: user, byMode: true) }
    /// The page order of the agents.
    public var agentIndex: ListIndex { ListIndex(set: agents, record: agent, byMode: false) }
    /// The page order of the apps.
    public var appIndex: ListIndex { ListIndex(set: apps, record: app, byMode: false) }
    /// The primary and secondary key slots of seed 004: slot name → key id.
    public var keySlots: String { prefix + "slots" }
    /// The tenant's audit stream.
    public var audit: String { prefix + "audit" }
    /// An idempotency record of one credential.
    public func idempotency(credential: String, key: String) -> String { prefix + "idem:" + credential + ":" + key }

    /// The global index entry naming the tenant of a key hash.
    public static func globalKeyHash(_ hashHex: String) -> String { "gh:kh:" + hashHex }
}
