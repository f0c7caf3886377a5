import Foundation
import GatehouseCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback peer that answers each request it reads with the next scripted reply, closing the
/// connection after it when the script says so; it records the requests.
final class CannedRuntimeAPI: @unchecked Sendable {
    struct Reply {
        var bytes: String
        var thenClose = false
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var replies: [Reply]
    private var requests: [String] = []
    private var connections = 0

    init(_ replies: [Reply]) throws {
        self.replies = replies
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 4) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    /// Stops accepting: the serving thread ends once its connection closes, and closes the listener
    /// itself. Closing it here would free its descriptor number while that thread may still be about
    /// to `accept` on it: a later test's socket could get the number and that thread would answer its
    /// requests from this peer's (empty) script.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    var seenRequests: [String] { lock.withLock { requests } }
    var seenConnections: Int { lock.withLock { connections } }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                close(listener)
                return
            }
            lock.withLock { connections += 1 }
            while let request = readRequest(connection) {
                let reply: Reply? = lock.withLock {
                    requests.append(request)
                    return replies.isEmpty ? nil : replies.removeFirst()
                }
                guard let reply else { break }
                let bytes = Array(reply.bytes.utf8)
                _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if reply.thenClose { break }
            }
            close(connection)
        }
    }

    /// One request, head and Content-Length body, as text; nil when the client closes.
    private func readRequest(_ connection: Int32) -> String? {
        var buffer: [UInt8] = []
        while true {
            let text = String(decoding: buffer, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let head = text[..<end.lowerBound]
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count >= text.utf8.distance(from: text.startIndex, to: end.upperBound) + length {
                    return text
                }
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
        }
    }
}

@Suite("the Lambda Runtime API client on a plain socket")
struct SocketLambdaRuntimeClientTests {
    @Test("a chunked /next answer is read whole, with the request id and deadline")
    func chunkedInvocation() throws {
        let peer = try CannedRuntimeAPI([
            .init(
                bytes: "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-1\r\nLambda-Runtime-Deadline-Ms: 42\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n3;ext=1\r\n12}\r\n0\r\n\r\n")
        ])
        defer { peer.stop() }
        let client = try SocketLambdaRuntimeClient(endpoint: "127.0.0.1:\(peer.port)")
        let invocation = try client.nextInvocation()
        #expect(invocation.requestID == "req-1")
        #expect(invocation.deadlineMilliseconds == 42)
        #expect(invocation.event == Array(#"{"a":12}"#.utf8))
        #expect(peer.seenRequests.first?.hasPrefix("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n") == true)
    }

    @Test("the connection is kept alive; one the peer closed in between is replaced and the request sent again")
    func keepAliveAndStaleConnection() throws {
        let next = "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-2\r\nContent-Length: 2\r\n\r\n{}"
        let accepted = "HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n"
        let peer = try CannedRuntimeAPI([
            .init(bytes: next), .init(bytes: accepted, thenClose: true), .init(bytes: next), .init(bytes: accepted),
        ])
        defer { peer.stop() }
        let client = try SocketLambdaRuntimeClient(endpoint: "127.0.0.1:\(peer.port)")
        #expect(try client.nextInvocation().requestID == "req-2")
        try client.sendResponse(Array(#"{"statusCode":200}"#.utf8), requestID: "req-2")
        #expect(peer.seenConnections == 1, "the response went on the connection /next used")
        #expect(try client.nextInvocation().requestID == "req-2")
        try client.sendResponse(Array("{}".utf8), requestID: "req-2")
        #expect(peer.seenConnections == 2)
        let requests = peer.seenRequests
        #expect(requests.count == 4)
        #expect(requests[1].hasPrefix("POST /2018-06-01/runtime/invocation/req-2/response HTTP/1.1\r\n"))
        #expect(requests[1].hasSuffix("\r\n\r\n{\"statusCode\":200}"))
    }

    @Test("a 4xx is a refusal, a 5xx is transient, and no peer is a transient failure")
    func failureKinds() throws {
        let peer = try CannedRuntimeAPI([
            .init(bytes: "HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\n\r\n"),
            .init(bytes: "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n"),
        ])
        defer { peer.stop() }
        let client = try SocketLambdaRuntimeClient(endpoint: "127.0.0.1:\(peer.port)")
        #expect(throws: LambdaRuntimeError.rejected(status: 413, "response answered 413")) {
            try client.sendResponse([], requestID: "r")
        }
        #expect(throws: LambdaRuntimeError.transient("invocation/next answered 500")) {
            try client.nextInvocation()
        }
        let closed = try TestPortProbe.unusedPort()
        let nobody = try SocketLambdaRuntimeClient(endpoint: "127.0.0.1:\(closed)")
        do {
            _ = try nobody.nextInvocation()
            Issue.record("an invocation from a port nobody listens on")
        } catch {
            #expect(error.kind == .transient)
        }
    }

    @Test("an endpoint that is not host:port is refused", arguments: ["", "localhost", "127.0.0.1:0", "a/b:80", ":80"])
    func badEndpoint(endpoint: String) {
        #expect(throws: LambdaRuntimeError.self) { try SocketLambdaRuntimeClient(endpoint: endpoint) }
    }
}

/// A loopback port nothing listens on (bound, read, released).
enum TestPortProbe {
    static func unusedPort() throws -> Int {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(probe, $0, length) == 0 && getsockname(probe, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
