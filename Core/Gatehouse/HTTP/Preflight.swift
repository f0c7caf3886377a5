/// A CORS preflight (`OPTIONS`) for a path that any origin may call, and the headers every answer
/// on such a path carries: any origin, never credentials (OAUTH.md: browser-based MCP clients).
struct Preflight: Error {
    /// The methods the path serves.
    let methods: [String]

    /// Request headers a browser client may send.
    static let allowedHeaders = "Authorization, Content-Type, MCP-Protocol-Version, Idempotency-Key"
    /// Response headers a browser client may read.
    static let exposedHeaders = "WWW-Authenticate, X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"

    /// 204 with the methods and headers allowed, cacheable for ten minutes.
    var response: APIResponse {
        APIResponse(
            status: 204,
            headers: [
                "Access-Control-Allow-Methods": (methods + ["OPTIONS"]).joined(separator: ", "),
                "Access-Control-Allow-Headers": Self.allowedHeaders, "Access-Control-Max-Age": "600",
            ])
    }

    /// Marks an answer as readable by any origin (without credentials).
    static func allowAnyOrigin(_ response: inout APIResponse) {
        response.headers.set("Access-Control-Allow-Origin", "*")
        response.headers.set("Access-Control-Expose-Headers", exposedHeaders)
    }
}
