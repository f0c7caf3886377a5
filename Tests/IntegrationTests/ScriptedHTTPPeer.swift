import Foundation

/// A fault injector for the Lambda Runtime API client: a loopback TCP peer that answers each
/// HTTP request with the next scripted action — a canned reply, or closing the connection
/// unanswered — and records what it was sent. It imitates no server: the tests that need the
/// real Runtime API use ministack; this one exists to make that API fail on cue (500, a closed
/// connection), which the real one never does on demand.
final class ScriptedHTTPPeer: @unchecked Sendable {
    // @unchecked: the script and the record are guarded by `lock`; the socket is set once.

    /// What to do with one request.
    enum Action: Sendable {
        case reply(status: Int, headers: [String: String] = [:], body: [UInt8] = [])
        case close
        /// `action` after `milliseconds` (a slow peer).
        indirect case delayed(milliseconds: Int, Action)
    }

    /// A request as received.
    struct Received {
        let method: String
        let path: String
        let headers: [String: String]
        let body: [UInt8]
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var script: [Action]
    private var fallback: Action
    private var received: [Received] = []
    private var stopped = false

    /// A peer that plays `script`, then `fallback` for every later request.
    init(_ script: [Action], then fallback: Action = .close) throws {
        self.script = script
        self.fallback = fallback
        port = try TestPorts.free()
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard bound, listen(listener, 16) == 0 else { throw SupervisedProcessError("cannot listen on \(port)") }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting; later connections are refused.
    func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        // The accept loop closes the listener as it ends: closing it here could hand its descriptor
        // number to another socket while that loop is about to accept on it.
        if !wasStopped { shutdown(listener, Int32(SHUT_RDWR)) }
    }

    /// Replaces the actions still to play (for a script that needs the peer's own port).
    func play(_ actions: [Action]) { lock.withLock { script = actions } }

    /// The requests received so far.
    var requests: [Received] { lock.withLock { received } }

    /// Waits until `count` requests have arrived (or `seconds` pass).
    func waitForRequests(_ count: Int, seconds: Double = 20) -> [Received] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && requests.count < count { Thread.sleep(forTimeInterval: 0.01) }
        return requests
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer: [UInt8] = []
        while let request = readRequest(connection, &buffer) {
            var action: Action = lock.withLock {
                received.append(request)
                return script.isEmpty ? fallback : script.removeFirst()
            }
            if case .delayed(let milliseconds, let then) = action {
                usleep(useconds_t(milliseconds * 1000))
                action = then
            }
            switch action {
            case .delayed:
                return
            case .close:
                return
            case .reply(let status, let headers, let body):
                var head = "HTTP/1.1 \(status) Scripted\r\nContent-Length: \(body.count)\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                let bytes = Array((head + "\r\n").utf8) + body
                var offset = 0
                while offset < bytes.count {
                    let written = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }

    /// Reads one request (head and Content-Length body), nil when the client closes.
    private func readRequest(_ connection: Int32, _ buffer: inout [UInt8]) -> Received? {
        let separator: [UInt8] = [13, 10, 13, 10]
        func fill() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.indices.dropLast(3).first { Array(buffer[$0..<($0 + 4)]) == separator }
            if headEnd == nil && !fill() { return nil }
        }
        let lines = String(decoding: buffer[0..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        buffer.removeFirst(headEnd! + 4)
        while buffer.count < length { if !fill() { return nil } }
        let body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return Received(
            method: String(requestLine.first ?? ""), path: String(requestLine.dropFirst().first ?? ""),
            headers: headers, body: body)
    }
}
