#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Runtime API over plain HTTP/1.1 on one socket, at `AWS_LAMBDA_RUNTIME_API` (`host:port`),
/// kept alive across invocations.
///
/// The Runtime API is unencrypted HTTP on the sandbox's loopback, so this needs no library: loading
/// libcurl (some forty shared libraries and OpenSSL's initialisation) was about half of a cold
/// Lambda start. Requests carry `Content-Length`; responses may use `Content-Length`, chunked
/// transfer coding or end at close.
public final class SocketLambdaRuntimeClient: LambdaRuntimeClient {
    private let host: String
    private let port: String
    private let hostHeader: String
    private var descriptor: Int32 = -1

    /// The largest event accepted (Lambda's synchronous payload limit is 6 MB).
    public static let maximumEventSize = 6 << 20
    /// The largest response head (status line and header fields) accepted.
    static let maximumHeadSize = 64 << 10
    private static let base = "/2018-06-01/runtime"

    /// A client for the Runtime API at `endpoint` (`host:port` or `[v6 address]:port`, as in
    /// `AWS_LAMBDA_RUNTIME_API`). Nothing is connected until the first call.
    public init(endpoint: String) throws(LambdaRuntimeError) {
        guard !endpoint.isEmpty, !endpoint.containsLineBreakOrNUL, !endpoint.contains("/"),
            let colon = endpoint.utf8.lastIndex(of: UInt8(ascii: ":"))
        else { throw .rejected(status: 0, "AWS_LAMBDA_RUNTIME_API is not host:port") }
        var host = endpoint[..<colon]
        let port = endpoint[endpoint.utf8.index(after: colon)...]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, let number = Int(port), (1...65_535).contains(number) else {
            throw .rejected(status: 0, "AWS_LAMBDA_RUNTIME_API is not host:port")
        }
        self.host = String(host)
        self.port = String(port)
        hostHeader = endpoint
    }

    deinit { disconnect() }

    public func nextInvocation() throws(LambdaRuntimeError) -> LambdaInvocation {
        // No timeout: the API holds this request until an event arrives.
        let reply = try exchange("GET", "/invocation/next", timeoutMilliseconds: 0)
        guard reply.status == 200 else { throw Self.failure(reply.status, "invocation/next") }
        guard let requestID = reply.headers["Lambda-Runtime-Aws-Request-Id"], !requestID.isEmpty,
            !requestID.contains("/"), !requestID.containsLineBreakOrNUL
        else {
            var names = ""
            for field in reply.headers { names += names.isEmpty ? field.name : "," + field.name }
            throw .transient(
                "invocation/next answered without a usable Lambda-Runtime-Aws-Request-Id (headers: \(names))")
        }
        return LambdaInvocation(
            requestID: requestID,
            deadlineMilliseconds: reply.headers["Lambda-Runtime-Deadline-Ms"].flatMap { Int64($0) },
            traceID: reply.headers["Lambda-Runtime-Trace-Id"],
            invokedFunctionARN: reply.headers["Lambda-Runtime-Invoked-Function-Arn"], event: reply.body)
    }

    public func sendResponse(_ body: [UInt8], requestID: String) throws(LambdaRuntimeError) {
        let reply = try exchange("POST", "/invocation/" + requestID + "/response", body: body)
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply.status, "response") }
    }

    public func sendError(_ report: LambdaErrorReport, requestID: String) throws(LambdaRuntimeError) {
        let reply = try exchange(
            "POST", "/invocation/" + requestID + "/error", body: report.json,
            headers: "Lambda-Runtime-Function-Error-Type: " + report.type + "\r\n")
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply.status, "error") }
    }

    public func sendInitializationError(_ report: LambdaErrorReport) throws(LambdaRuntimeError) {
        let reply = try exchange(
            "POST", "/init/error", body: report.json,
            headers: "Lambda-Runtime-Function-Error-Type: " + report.type + "\r\n")
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply.status, "init/error") }
    }

    // MARK: One exchange

    /// A response as read off the socket.
    struct Reply {
        var status: Int
        var headers: HeaderFields
        var body: [UInt8]
        var keepsConnection: Bool
    }

    /// Sends one request and reads its response. On a kept-alive connection the peer may have
    /// closed in between: when such a connection ends before any byte of a response, the request
    /// is sent once more on a fresh one (nothing was answered, so nothing was done twice).
    private func exchange(
        _ method: String, _ path: String, body: [UInt8]? = nil, headers: String = "",
        timeoutMilliseconds: Int = 10_000
    ) throws(LambdaRuntimeError) -> Reply {
        let request = Self.request(method, Self.base + path, host: hostHeader, headers: headers, body: body)
        let reused = descriptor >= 0
        do {
            return try attempt(request, timeoutMilliseconds: timeoutMilliseconds)
        } catch let failure where failure.closedBeforeReply && reused {
            // Sent once more below, on a fresh connection.
        } catch {
            throw .transient(error.description)
        }
        do {
            return try attempt(request, timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            throw .transient(error.description)
        }
    }

    private func attempt(_ request: [UInt8], timeoutMilliseconds: Int) throws(SocketFailure) -> Reply {
        if descriptor < 0 { try openConnection() }
        do {
            try setTimeout(milliseconds: timeoutMilliseconds)
            try write(request)
            let reply = try readReply()
            if !reply.keepsConnection { disconnect() }
            return reply
        } catch {
            disconnect()
            throw error
        }
    }

    static func request(_ method: String, _ target: String, host: String, headers: String, body: [UInt8]?) -> [UInt8] {
        var head = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: gatehouse\r\n" + headers
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: " + String(body.count) + "\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if let body { bytes += body }
        return bytes
    }

    // MARK: Socket

    /// Why an exchange failed, for logs (never a body).
    struct SocketFailure: Error, CustomStringConvertible {
        let description: String
        /// The connection ended before the first byte of a response.
        var closedBeforeReply = false
    }

    private func openConnection() throws(SocketFailure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc) || canImport(Musl)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &found)
        guard status == 0, let first = found else {
            throw SocketFailure(description: "cannot resolve the Runtime API host \(host) (getaddrinfo \(status))")
        }
        defer { freeaddrinfo(first) }
        var lastError: Int32 = 0
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            #if canImport(Glibc) || canImport(Musl)
                let type = address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue)
            #else
                let type = address.pointee.ai_socktype
            #endif
            let opened = socket(address.pointee.ai_family, type, address.pointee.ai_protocol)
            guard opened >= 0 else {
                lastError = errno
                continue
            }
            if connect(opened, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                // No Nagle delay for small requests; keepalive notices a peer gone during a long /next.
                var one: Int32 = 1
                _ = setsockopt(opened, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                _ = setsockopt(opened, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
                descriptor = opened
                return
            }
            lastError = errno
            close(opened)
        }
        throw SocketFailure(
            description: "cannot connect to the Runtime API at \(hostHeader) (\(String(cString: strerror(lastError))))")
    }

    private func disconnect() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    private func setTimeout(milliseconds: Int) throws(SocketFailure) {
        var value = timeval(tv_sec: milliseconds / 1000, tv_usec: Int((milliseconds % 1000) * 1000))
        let size = socklen_t(MemoryLayout<timeval>.size)
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, size) == 0,
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, size) == 0
        else { throw SocketFailure(description: "cannot set the Runtime API socket's timeout") }
    }

    private func write(_ bytes: [UInt8]) throws(SocketFailure) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, $0.count - offset, Self.noSignal) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else {
                // A peer that closed a kept-alive connection: nothing of this request was answered.
                let reset = errno == EPIPE || errno == ECONNRESET
                var failure = Self.socketFailure("sending to the Runtime API")
                failure.closedBeforeReply = reset && offset == 0
                throw failure
            }
            offset += sent
        }
    }

    #if canImport(Glibc) || canImport(Musl)
        private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
        private static let noSignal: Int32 = 0
    #endif

    private static func socketFailure(_ doing: String) -> SocketFailure {
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK { return SocketFailure(description: doing + ": timed out") }
        return SocketFailure(description: doing + ": " + String(cString: strerror(code)))
    }

    // MARK: Reading a response

    private var pending: [UInt8] = []

    /// Appends what the socket has to `pending`; false at the end of the stream.
    private func receive() throws(SocketFailure) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Self.socketFailure("reading from the Runtime API") }
            if count == 0 { return false }
            pending += chunk[0..<count]
            return true
        }
    }

    private func readReply() throws(SocketFailure) -> Reply {
        pending.removeAll(keepingCapacity: true)
        var headEnd: Int? = nil
        while headEnd == nil {
            let more: Bool
            do {
                more = try receive()
            } catch {
                var failure = error
                failure.closedBeforeReply = pending.isEmpty && errno == ECONNRESET
                throw failure
            }
            guard more else {
                if pending.isEmpty {
                    throw SocketFailure(
                        description: "the Runtime API closed the connection before answering", closedBeforeReply: true)
                }
                throw SocketFailure(description: "the Runtime API closed the connection inside a response head")
            }
            headEnd = Self.endOfHead(pending)
            if headEnd == nil, pending.count > Self.maximumHeadSize {
                throw SocketFailure(description: "the Runtime API's response head is too long")
            }
        }
        let head = Array(pending[..<headEnd!])
        pending.removeFirst(headEnd! + 4)
        var reply = try Self.parseHead(head)
        let length = reply.headers["Content-Length"]
        let chunked = reply.headers["Transfer-Encoding"].map { $0.asciiLowercased.contains("chunked") } ?? false
        if chunked {
            reply.body = try readChunkedBody()
        } else if let length {
            guard let count = Int(length), count >= 0, count <= Self.maximumEventSize else {
                throw SocketFailure(description: "the Runtime API sent an unusable Content-Length")
            }
            try readUntil(count: count)
            reply.body = Array(pending[..<count])
            pending.removeFirst(count)
        } else if reply.status == 204 || reply.status == 304 || (100..<200).contains(reply.status) {
            reply.body = []
        } else {
            while try receive() {
                guard pending.count <= Self.maximumEventSize else {
                    throw SocketFailure(description: "the Runtime API's response is larger than 6 MB")
                }
            }
            reply.body = pending
            pending.removeAll()
            reply.keepsConnection = false
        }
        return reply
    }

    /// Reads until `pending` holds at least `count` bytes.
    private func readUntil(count: Int) throws(SocketFailure) {
        while pending.count < count {
            guard try receive() else {
                throw SocketFailure(description: "the Runtime API closed the connection inside a response body")
            }
        }
    }

    private func readChunkedBody() throws(SocketFailure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd = Self.endOfLine(pending)
            while lineEnd == nil {
                guard pending.count < 1024, try receive() else {
                    throw SocketFailure(description: "the Runtime API sent a malformed chunked body")
                }
                lineEnd = Self.endOfLine(pending)
            }
            let sizeText = String(decoding: pending[..<lineEnd!], as: UTF8.self)
            let digits = (sizeText.split(separator: ";", maxSplits: 1).first ?? "").trimmingASCIIWhitespace()
            guard let size = Int(digits, radix: 16), size >= 0, body.count + size <= Self.maximumEventSize else {
                throw SocketFailure(description: "the Runtime API sent a malformed chunked body")
            }
            pending.removeFirst(lineEnd! + 2)
            if size == 0 {
                // Trailer fields, if any, end with an empty line.
                while true {
                    var end = Self.endOfLine(pending)
                    while end == nil {
                        guard try receive() else {
                            throw SocketFailure(description: "the Runtime API closed the connection inside a chunked body")
                        }
                        end = Self.endOfLine(pending)
                    }
                    pending.removeFirst(end! + 2)
                    if end == 0 { return body }
                }
            }
            try readUntil(count: size + 2)
            body += pending[..<size]
            pending.removeFirst(size + 2)
        }
    }

    static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 0x0D && bytes[index + 1] == 0x0A && bytes[index + 2] == 0x0D && bytes[index + 3] == 0x0A {
            return index
        }
        return nil
    }

    static func endOfLine(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0...(bytes.count - 2) where bytes[index] == 0x0D && bytes[index + 1] == 0x0A { return index }
        return nil
    }

    /// The status line and header fields of a response head (without its empty line).
    static func parseHead(_ head: [UInt8]) throws(SocketFailure) -> Reply {
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let statusLine = lines.popFirst() else { throw SocketFailure(description: "empty response head") }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].utf8.count == 3, let status = Int(parts[1])
        else { throw SocketFailure(description: "the Runtime API did not answer with HTTP/1.x") }
        var headers = HeaderFields()
        for line in lines {
            guard let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) else {
                throw SocketFailure(description: "the Runtime API sent a malformed header field")
            }
            headers.add(
                String(line[..<colon]), String(line[line.utf8.index(after: colon)...].trimmingASCIIWhitespace()))
        }
        let connection = headers["Connection"]?.asciiLowercased ?? ""
        let keeps = parts[0] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        return Reply(status: status, headers: headers, body: [], keepsConnection: keeps)
    }

    // MARK: Errors

    private static func failure(_ status: Int, _ call: String) -> LambdaRuntimeError {
        status >= 500 || status < 100
            ? .transient("\(call) answered \(status)") : .rejected(status: status, "\(call) answered \(status)")
    }
}
