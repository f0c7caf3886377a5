import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A proxy on a unix socket in front of a real Redis (its unix socket) that can misbehave on cue:
/// pass a command through, run it upstream and lose its reply (the client's connection is closed
/// before the reply reaches it), answer it itself (a scripted RESP peer: `-TRYAGAIN …`), or hold it
/// without answering (a timeout). `decide` sees each chunk the client wrote (one pipeline, usually).
final class RedisFaultProxy: @unchecked Sendable {
    // @unchecked: the listening descriptor is set once in init; `clients` is guarded by its Mutex.

    /// What to do with one chunk of commands.
    enum Action: Sendable {
        /// Send it upstream and relay the reply.
        case forward
        /// Send it upstream, wait for the reply, then close the client's connection without it.
        case loseReply
        /// Answer with these bytes instead of asking upstream.
        case answer([UInt8])
        /// Never answer (the client times out).
        case stall
    }

    /// The folder of the proxy's socket.
    let directory: URL
    /// The proxy's socket path.
    let socketPath: String
    /// A `unix://` URL for clients.
    var url: String { "unix://\(socketPath)" }

    private let upstreamPath: String?
    private let decide: @Sendable ([UInt8]) -> Action
    private let listener: Int32
    private let clients = Mutex<[Int32]>([])
    private let stopped = Atomic<Bool>(false)

    /// Starts listening. `upstream` is the Redis unix socket (nil: a peer that answers everything itself).
    init(upstream: String?, decide: @escaping @Sendable ([UInt8]) -> Action) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatehouse-proxy-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socketPath = directory.appendingPathComponent("proxy.sock").path
        upstreamPath = upstream
        self.decide = decide
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0, Self.withAddress(socketPath, { bind(listener, $0, $1) }) == 0,
            listen(listener, 64) == 0
        else { throw RedisTestServerError(message: "proxy could not listen on \(socketPath)") }
        _ = fcntl(listener, F_SETFD, FD_CLOEXEC)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting and closes every connection.
    func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))  // the accept loop closes it as it ends (no descriptor reuse race)
        for descriptor in clients.withLock({ $0 }) { shutdown(descriptor, Int32(SHUT_RDWR)) }
        try? FileManager.default.removeItem(at: directory)
    }

    private func acceptLoop() {
        defer { close(listener) }
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            clients.withLock { $0.append(client) }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        var upstream: Int32 = -1
        defer {
            close(client)
            if upstream >= 0 { close(upstream) }
            clients.withLock { $0.removeAll { $0 == client } }
        }
        if let upstreamPath {
            upstream = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard upstream >= 0, Self.withAddress(upstreamPath, { connect(upstream, $0, $1) }) == 0 else { return }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { return }
            let chunk = Array(buffer[0..<count])
            switch decide(chunk) {
            case .forward:
                guard upstream >= 0, write(upstream, chunk, chunk.count) == chunk.count,
                    let reply = readReply(upstream), write(client, reply, reply.count) == reply.count
                else { return }
            case .loseReply:
                if upstream >= 0, write(upstream, chunk, chunk.count) == chunk.count { _ = readReply(upstream) }
                return
            case .answer(let bytes):
                guard write(client, bytes, bytes.count) == bytes.count else { return }
            case .stall:
                while !stopped.load(ordering: .sequentiallyConsistent) { usleep(20_000) }
                return
            }
        }
    }

    /// Whatever Redis has sent within 100 ms of the first byte (the replies to one chunk).
    private func readReply(_ descriptor: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let first = read(descriptor, &buffer, buffer.count)
        guard first > 0 else { return nil }
        var reply = Array(buffer[0..<first])
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, 5) > 0 {
            let more = read(descriptor, &buffer, buffer.count)
            guard more > 0 else { break }
            reply += buffer[0..<more]
        }
        return reply
    }

    private static func withAddress(
        _ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return -1 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }
}
