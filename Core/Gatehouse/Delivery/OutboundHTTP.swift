

/// Outbound `POST`s for delivery (OTP senders), over ``CurlHTTPClient`` — the one file that talks
/// to libcurl, which is loaded with `dlopen` only when something is sent, so function executables
/// never pay for it at start-up. Proxies from the environment are ignored (httpoxy), redirects are
/// not followed, and only `http` and `https` are spoken.
public enum OutboundHTTP {
    /// Sends a `POST` and returns the response, whatever its status.
    public static func post(_ request: OutboundRequest) throws(OutboundHTTPError) -> OutboundResponse {
        var headers = request.headers.map { "\($0.name): \($0.value)" }
        if let credentials = request.basicAuthentication {
            let pair = Array("\(credentials.username):\(credentials.password)".utf8)
            headers.append("Authorization: Basic " + Base64.encode(pair))
        }
        do {
            let reply = try CurlHTTPClient().send(
                method: "POST", url: request.url, headers: headers, body: request.body,
                timeoutMilliseconds: request.timeoutMilliseconds,
                connectTimeoutMilliseconds: min(2_000, request.timeoutMilliseconds), maximumResponseSize: 64 * 1024)
            return OutboundResponse(status: reply.status, body: reply.body)
        } catch {
            throw OutboundHTTPError(description: error.description)
        }
    }
}
