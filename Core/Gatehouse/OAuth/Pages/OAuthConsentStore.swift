/// Consents remembered per user, client and scope set (OAUTH.md): a request whose granted scopes
/// a remembered consent covers skips the consent page.
///
/// ```
/// gh:{t}:consent:<client_id>   HASH   user id → the scopes the user allowed the client (space-separated)
/// ```
enum OAuthConsentStore {
    /// The consents given to a client in a tenant.
    static func key(tenant: String, client: String) -> String { TenantKeys(tenant).prefix + "consent:" + client }

    /// The scopes a user allowed a client, nil when none were.
    static func remembered(tenant: String, client: String, user: String, redis: RedisClient) throws -> ScopeSet? {
        let reply = try redis.command(["HGET", .string(key(tenant: tenant, client: client)), .string(user)])
        return reply.stringValue.flatMap { ScopeSet(parsing: $0) }
    }

    /// Remembers that a user allowed a client `scopes`, beside what they allowed it before.
    static func remember(
        _ scopes: ScopeSet, before: ScopeSet?, tenant: String, client: String, user: String, redis: RedisClient
    ) throws {
        let allowed = ScopeSet((before?.scopes ?? []) + scopes.scopes)
        _ = try redis.command([
            "HSET", .string(key(tenant: tenant, client: client)), .string(user), .string(allowed.description),
        ])
    }
}
