/// The OpenFaaS classic watchdog (`fwatchdog` with `cgi_headers` on, its default): the request
/// arrives as `Http_Method`, `Http_Path`, `Http_Query` and one `Http_<Header_Name>` variable per
/// request header (first value only), the body on standard input; whatever the process writes
/// to standard output is the response body.
///
/// The classic watchdog answers 200 whatever the function says (500 only when it exits
/// non-zero) and passes no response headers, so a 401 or 429 reaches the client as a 200 whose
/// body is the error envelope. Use the of-watchdog in `mode=http` in front of `gatehouse-server`
/// when status codes and headers matter (they always do for an authentication service).
public enum WatchdogTransport {
    /// Variables of the watchdog contract that are not request headers.
    static let contractVariables: Set<String> = [
        "Http_Method", "Http_Path", "Http_Query", "Http_ContentLength", "Http_Content_Length",
        "Http_Transfer_Encoding",
    ]

    /// The request the watchdog's environment describes. `readBody(count, limit)` reads exactly
    /// `count` bytes of standard input, or for nil everything up to `limit + 1` bytes.
    ///
    /// An `Http_Proxy` variable in any case (a `Proxy:` request header) is ignored (httpoxy).
    public static func request(
        environment: [String: String], readBody: (_ count: Int?, _ limit: Int) -> [UInt8]?
    ) throws(GatehouseError) -> APIRequest {
        guard let method = environment["Http_Method"], !method.isEmpty else {
            throw GatehouseError(
                status: 500, code: "internal_error", message: "The watchdog environment has no Http_Method")
        }
        var headers = HeaderFields(environment: environment, prefix: "Http_") { name in
            !contractVariables.contains(name) && name.asciiLowercased != "http_proxy"
        }

        // -1: the length was not known (a chunked request); the watchdog closes stdin at its end.
        let lengthText = environment["Http_Content_Length"] ?? environment["Http_ContentLength"] ?? "-1"
        let length = Int(lengthText).flatMap { $0 >= 0 ? $0 : nil }
        let body = try StandardInputBody.read(declaredLength: length, lengthName: "its Content-Length", readBody)
        if let length, length > 0 { headers.set("content-length", String(length)) }
        let path = environment["Http_Path"].flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        return APIRequest(
            method: method, path: path, rawQuery: environment["Http_Query"] ?? "", headers: headers, body: body,
            remoteAddress: nil)
    }

    /// What the process writes: the response body only (the watchdog keeps neither the status
    /// nor the headers).
    public static func render(_ response: APIResponse) -> [UInt8] { response.body }
}
