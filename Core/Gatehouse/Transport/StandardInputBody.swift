/// Reads a request body from standard input for the transports that get it there (CGI, the
/// OpenFaaS watchdog), within ``RequestLimits``.
enum StandardInputBody {
    /// Reads `count` bytes exactly (nil: everything up to `limit + 1` bytes) from standard input.
    typealias Reader = (_ count: Int?, _ limit: Int) -> [UInt8]?

    /// The body of a declared length (nil: unknown, read to the end of input). Over the limit: the
    /// body is drained (up to ``RequestLimits/drain``) and 413 thrown; a body shorter than
    /// declared is 400 naming `lengthName`.
    static func read(declaredLength: Int?, lengthName: String, _ readBody: Reader) throws(GatehouseError) -> [UInt8] {
        let limit = RequestLimits.body
        guard let length = declaredLength else {
            guard let read = readBody(nil, limit) else { throw GatehouseError.invalidRequest("Cannot read the body") }
            guard read.count <= limit else {
                _ = readBody(nil, RequestLimits.drain)
                throw GatehouseError.payloadTooLarge(limit: limit)
            }
            return read
        }
        guard length <= limit else {
            if length <= RequestLimits.drain { _ = readBody(length, length) }
            throw GatehouseError.payloadTooLarge(limit: limit)
        }
        guard length > 0 else { return [] }
        guard let read = readBody(length, limit), read.count == length else {
            throw GatehouseError.invalidRequest("The request body is shorter than \(lengthName)")
        }
        return read
    }
}
