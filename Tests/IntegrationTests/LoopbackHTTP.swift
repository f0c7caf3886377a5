import Foundation

/// A minimal HTTP/1.1 client for loopback servers, usable from many threads at once (curl
/// processes are too heavy for load): one request per connection, `Connection: close`.
enum LoopbackHTTP {
    /// The status (0 when the exchange failed) and how long it took, in seconds.
    static func send(
        port: Int, method: String = "GET", path: String, headers: [String: String] = [:], body: String = "",
        timeoutSeconds: Int = 10
    ) -> (status: Int, seconds: Double) {
        let started = Date()
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return (0, 0) }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return (0, Date().timeIntervalSince(started)) }
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            return (0, Date().timeIntervalSince(started))
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            reply += buffer[0..<count]
        }
        let status =
            String(decoding: reply.prefix(16), as: UTF8.self).split(separator: " ").dropFirst().first
            .flatMap { Int($0) } ?? 0
        return (status, Date().timeIntervalSince(started))
    }
}
