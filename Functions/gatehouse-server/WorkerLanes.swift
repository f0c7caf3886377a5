import GatehouseCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The server's two sets of worker threads. Requests that may wait on Redis run on the store lane
/// (one Redis connection per busy worker); those answered without it (discovery, JWT-only verify)
/// run on the free lane, so a Redis stall never queues them. A store-lane request that waited in
/// the queue longer than `queueTimeout` (the Redis command timeout by default) is shed with 503
/// `unavailable` instead of adding its wait to everyone else's. When a backlog drains, the memory
/// it took is handed back to the system (`malloc_trim`).
final class WorkerLanes: Sendable {
    let storeLane: NIOThreadPool
    let freeLane: NIOThreadPool
    let queueTimeout: Duration
    private let backlog = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)
    private let trimAbove: Int

    init(storeWorkers: Int, freeWorkers: Int, queueTimeout: Duration) {
        storeLane = NIOThreadPool(numberOfThreads: max(1, storeWorkers))
        freeLane = NIOThreadPool(numberOfThreads: max(1, freeWorkers))
        self.queueTimeout = queueTimeout
        trimAbove = max(1, storeWorkers) * 2
        storeLane.start()
        freeLane.start()
    }

    /// Answers on the lane the request belongs to.
    func respond(
        to request: APIRequest, backend: any RequestBackend
    ) async throws -> APIResponse {
        guard backend.application.needsRedis(request) else {
            return try await freeLane.runIfActive { backend.respond(to: request) }
        }
        let enqueued = ContinuousClock.now
        let waiting = backlog.wrappingAdd(1, ordering: .relaxed).newValue
        raisePeak(to: waiting)
        defer { drained() }
        let timeout = queueTimeout
        return try await storeLane.runIfActive {
            let waited = ContinuousClock.now - enqueued
            guard waited <= timeout else { return Self.shed(waited: waited, backend: backend) }
            return backend.respond(to: request)
        }
    }

    func shutdown() async throws {
        try await storeLane.shutdownGracefully()
        try await freeLane.shutdownGracefully()
    }

    private static func shed(waited: Duration, backend: any RequestBackend) -> APIResponse {
        let requestID = RequestID.mint()
        backend.application.logger.warning(
            "request shed",
            metadata: [
                "request_id": .string(requestID),
                "waited_ms": .stringConvertible(
                    waited.components.seconds * 1000 + waited.components.attoseconds / 1_000_000_000_000_000),
            ])
        var response = ErrorEnvelope.response(
            for: .unavailable("Too many requests are waiting for the store", retryAfter: 1), requestID: requestID)
        response.headers.set("X-Request-Id", requestID)
        return response
    }

    /// One store-lane request done; after a backlog, gives freed memory back once the queue is empty.
    private func drained() {
        guard backlog.wrappingSubtract(1, ordering: .relaxed).newValue == 0 else { return }
        guard peak.exchange(0, ordering: .relaxed) > trimAbove else { return }
        Self.mallocTrim?(0)
    }

    private func raisePeak(to candidate: Int) {
        var current = peak.load(ordering: .relaxed)
        while candidate > current {
            let (exchanged, original) = peak.compareExchange(
                expected: current, desired: candidate, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// glibc's `malloc_trim`, which returns free heap pages to the system (not in the Glibc module).
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
            return nil
        #endif
    }()
}
