import ArgumentParser
import GatehouseCore
#if canImport(Glibc)
    import Glibc
#endif

/// Options every command that reaches Redis shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("redis-url"), help: "Redis URL (default: GATEHOUSE_REDIS_URL, else redis://127.0.0.1:6379).")
    var redisURL: String?

    /// A store on the configured Redis; a bad setting is a configuration failure (exit 78) naming it.
    func store() throws -> TenantStore {
        var environment = SystemAccess.environment()
        if let redisURL { environment["GATEHOUSE_REDIS_URL"] = redisURL }
        // Only what a store needs: a setting of another group (an OTP sender, say) never stops the CLI.
        let configuration = try configured { () throws(ConfigurationError) in
            try Configuration(environment: environment, settings: [.redis], strict: false)
        }
        return TenantStore(redis: RedisClient(configuration: configuration.redis))
    }
}
