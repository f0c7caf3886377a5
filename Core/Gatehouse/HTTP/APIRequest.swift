/// One HTTP request, whatever transport brought it (CGI, an API Gateway event, the Lambda loop,
/// the local server).
public struct APIRequest: Sendable {
    /// The method in upper case.
    public var method: String
    /// The path, percent-encoded as received, without the query string.
    public var path: String
    /// The raw query string without the leading `?`, never logged (it may hold a credential).
    public var rawQuery: String
    /// The request header fields.
    public var headers: HeaderFields
    /// The request body.
    public var body: [UInt8]
    /// The address of the peer that sent the request, as the transport saw it.
    public var remoteAddress: String?

    /// A request.
    public init(
        method: String, path: String, rawQuery: String = "", headers: HeaderFields = [:], body: [UInt8] = [],
        remoteAddress: String? = nil
    ) {
        self.method = method.uppercased()
        self.path = path.isEmpty ? "/" : path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The query parameters, decoded; malformed escapes make the whole query invalid.
    public var queryItems: [(name: String, value: String)]? {
        FormURLEncoded.decode(rawQuery)
    }

    /// The media type of the body (`Content-Type` without parameters, lower case), if given.
    public var mediaType: String? {
        guard let contentType = headers["content-type"] else { return nil }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
        return type.trimmingASCIIWhitespace().asciiLowercased
    }

    /// The value of a cookie sent with the request.
    public func cookie(named name: String) -> String? {
        for header in headers.values("cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingASCIIWhitespace() == name {
                    return String(parts[1]).trimmingASCIIWhitespace()
                }
            }
        }
        return nil
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
