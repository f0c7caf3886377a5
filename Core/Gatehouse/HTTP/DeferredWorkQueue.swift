import Synchronization

/// The work a handler leaves for after the response (``DeferredWork``), collected during one
/// request. The dispatcher hands it to the response, whether the handler returned or threw, so a
/// refusal can leave work too (its audit record, for instance).
public final class DeferredWorkQueue: Sendable {
    private let items = Mutex<[DeferredWork]>([])

    /// An empty queue.
    public init() {}

    /// Adds work to run after the response, in the order added.
    public func add(_ work: DeferredWork) { items.withLock { $0.append(work) } }

    /// Adds work to run after the response.
    public func add(_ body: @escaping @Sendable (RedisClient) -> Void) { add(DeferredWork(body)) }

    /// Takes everything queued so far.
    func drain() -> [DeferredWork] {
        items.withLock { queued in
            defer { queued = [] }
            return queued
        }
    }
}
