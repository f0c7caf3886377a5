// The Lambda floor: the least a custom runtime can do. Reads AWS_LAMBDA_RUNTIME_API, then forever
// asks for the next invocation over one plain TCP connection (HTTP/1.1, no library) and answers it
// with a fixed API Gateway v2 response. Timed by infra/bench/lambda-start beside the functions:
// process start to the first /next request.
#if canImport(Glibc)
    import Glibc
#endif

/// Connects to HOST:PORT over TCP (IPv4 literal or name).
func connect(to endpoint: String) -> Int32 {
    let parts = endpoint.split(separator: ":")
    guard parts.count == 2 else { exit(2) }
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var result: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(String(parts[0]), String(parts[1]), &hints, &result) == 0, let info = result else { exit(2) }
    defer { freeaddrinfo(result) }
    let socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
    guard socket >= 0, Glibc.connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { exit(2) }
    return socket
}

/// Where the blank line after the headers starts, once it has arrived.
func headerEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    return (0...(bytes.count - 4)).first { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }
}

/// Sends REQUEST, reads one response (headers, then Content-Length bytes); returns its headers.
func exchange(_ socket: Int32, _ request: String) -> String {
    var bytes = Array(request.utf8)
    guard write(socket, &bytes, bytes.count) == bytes.count else { exit(3) }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(socket, &buffer, buffer.count)
        guard count > 0 else { exit(3) }
        received += buffer[0..<count]
        guard let end = headerEnd(received) else { continue }
        let headers = String(decoding: received[..<end], as: UTF8.self)
        let length = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingPrefix(" ")) } ?? 0
        if received.count - (end + 4) >= length { return headers }
    }
}

guard let api = getenv("AWS_LAMBDA_RUNTIME_API").map({ String(cString: $0) }) else { exit(2) }
let socket = connect(to: api)
let body = #"{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"ok\":true}"}"#
while true {
    let headers = exchange(socket, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: \(api)\r\n\r\n")
    let requestID = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("lambda-runtime-aws-request-id:") }
        .map { String($0.split(separator: ":", maxSplits: 1)[1].trimmingPrefix(" ")) } ?? ""
    _ = exchange(
        socket,
        "POST /2018-06-01/runtime/invocation/\(requestID)/response HTTP/1.1\r\nHost: \(api)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
}
