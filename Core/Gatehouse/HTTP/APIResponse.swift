/// One HTTP response, rendered by whichever transport carries it.
public struct APIResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields; `Set-Cookie` may repeat.
    public var headers: HeaderFields
    /// The body.
    public var body: [UInt8]
    /// Work to run once the response is written (``DeferredWork``); never part of the answer.
    public var deferred: [DeferredWork]

    /// A response.
    public init(status: Int, headers: HeaderFields = [:], body: [UInt8] = [], deferred: [DeferredWork] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.deferred = deferred
    }

    /// A JSON response with `Content-Type: application/json`.
    public static func json(_ status: Int, _ value: JSONValue, headers: HeaderFields = [:]) -> APIResponse {
        var headers = headers
        headers.set("Content-Type", "application/json")
        return APIResponse(status: status, headers: headers, body: value.serialized())
    }

    /// The standard reason phrase for the status, for CGI `Status:` lines.
    public var reasonPhrase: String { Self.reasonPhrase(for: status) }

    /// The standard reason phrase for a status code.
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status \(status)"
        }
    }

    /// Whether every header name is a token and no value holds CR, LF or NUL.
    public var hasSafeHeaders: Bool {
        headers.allSatisfy { field in
            !field.name.isEmpty && field.name.utf8.allSatisfy(Self.isTokenByte) && !field.value.containsLineBreakOrNUL
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "#"),
            UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
