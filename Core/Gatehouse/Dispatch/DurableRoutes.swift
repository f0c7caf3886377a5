/// The routes whose writes must survive a Redis failover: with `GATEHOUSE_REDIS_DURABLE_WRITES=replica`
/// they run inside ``RedisClient/durably(_:)``, so each waits for a replica (`WAIT 1`) and answers
/// 503 when none confirms. They end credentials — a key, an agent's keys, a user, a session, a
/// refresh family (a reused refresh token revokes its family), an OAuth grant or client — or set a
/// rotated key's end of grace; losing such a write would bring a dead credential back.
public enum DurableRoutes {
    /// `METHOD pattern` of each durable route.
    public static let all: Set<String> = [
        "DELETE /v1/api_keys/{id}", "DELETE /v1/agents/{id}", "DELETE /v1/users/{id}",
        "POST /v1/api_keys/{id}/rotate", "POST /v1/agents/{agent_id}/rotate-keys",
        "POST /v1/tenants/{tenant}/api_keys/{slot}/regenerate", "POST /v1/auth/logout", "POST /v1/auth/refresh",
        "POST /v1/auth/token", "POST /oauth/token", "POST /oauth/revoke", "DELETE /v1/oauth_clients/{id}",
    ]

    /// Whether `route` is one of them.
    public static func contains(_ route: Route) -> Bool { all.contains("\(route.method) \(route.pattern)") }
}
