import Dispatch
import GatehouseCore
import Synchronization
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs handlers in this process, each worker thread borrowing one Redis connection from a pool.
final class InProcessBackend: RequestBackend {
    let application: Dispatcher
    let redisConfiguration: RedisConfiguration
    private let idle = Mutex<[RedisClientBox]>([])

    init(application: Dispatcher, redisConfiguration: RedisConfiguration) {
        self.application = application
        self.redisConfiguration = redisConfiguration
    }

    func respond(to request: APIRequest) -> APIResponse {
        let response = withClient { application.handle(request, redis: $0) }
        if !response.deferred.isEmpty {
            // Off the request path: the answer goes out now, the work runs on another thread with
            // a connection of its own from the pool.
            DispatchQueue.global().async { self.withClient { response.runDeferred(redis: $0) } }
        }
        return response
    }

    /// Runs `body` with a pooled connection that no other thread holds meanwhile.
    private func withClient<Result>(_ body: (RedisClient) -> Result) -> Result {
        let box = idle.withLock { $0.popLast() } ?? RedisClientBox(RedisClient(configuration: redisConfiguration))
        defer { idle.withLock { $0.append(box) } }
        return body(box.client)
    }
}
