import ArgumentParser
import GatehouseCore
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// The request context: Hummingbird's core storage plus the peer address.
struct ServerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
