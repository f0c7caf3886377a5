import Dispatch
import GatehouseCore
import Synchronization
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Something that turns a request into a response on a worker thread.
protocol RequestBackend: Sendable {
    /// The application the requests are for.
    var application: Dispatcher { get }
    /// Answers a request; runs on a thread-pool thread and may block.
    func respond(to request: APIRequest) -> APIResponse
}
