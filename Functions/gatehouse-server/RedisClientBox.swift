import Dispatch
import GatehouseCore
import Synchronization
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A Redis client handed between worker threads through the pool; only one thread holds it at a time.
final class RedisClientBox: @unchecked Sendable {
    let client: RedisClient
    init(_ client: RedisClient) { self.client = client }
}
