import CCurl
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Collects one reply from libcurl's callbacks.
final class ReplyCollector {
    let limit: Int
    var body: [UInt8] = []
    var headers = HeaderFields()
    var overflowed = false

    init(limit: Int) { self.limit = limit }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= limit else {
            overflowed = true
            return 0  // makes libcurl stop with CURLE_WRITE_ERROR
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Int {
        var end = bytes.count
        while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = HeaderFields()  // a new status line (after 100 Continue): start again
        } else if let colon = line.firstIndex(of: ":") {
            headers.add(
                String(line[..<colon]).trimmingASCIIWhitespace(),
                String(line[line.index(after: colon)...]).trimmingASCIIWhitespace())
        }
        return bytes.count
    }
}
