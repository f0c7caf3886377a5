/// One outbound HTTP request.
public struct OutboundRequest: Sendable {
    /// An `http://` or `https://` URL.
    public var url: String
    /// Header fields to send (besides those libcurl adds).
    public var headers: [(name: String, value: String)]
    /// The body, sent with `POST`.
    public var body: [UInt8]
    /// User name and password for HTTP basic authentication, if any.
    public var basicAuthentication: (username: String, password: String)?
    /// The limit for the whole exchange; connecting is limited to the smaller of this and 2 s.
    public var timeoutMilliseconds: Int

    /// A `POST` request.
    public init(
        url: String, headers: [(name: String, value: String)], body: [UInt8],
        basicAuthentication: (username: String, password: String)? = nil, timeoutMilliseconds: Int
    ) {
        self.url = url
        self.headers = headers
        self.body = body
        self.basicAuthentication = basicAuthentication
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}

/// What came back.
public struct OutboundResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// The body (at most 64 KiB: a larger one fails the exchange).
    public var body: [UInt8]
}

/// An outbound request that got no HTTP response. The description names the failure (a libcurl
/// error text), never the URL's credentials or the body.
public struct OutboundHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// Outbound `POST`s for delivery (OTP senders), over ``CurlHTTPClient`` — the one file that talks
/// to libcurl, which is loaded with `dlopen` only when something is sent, so function executables
/// never pay for it at start-up. Proxies from the environment are ignored (httpoxy), redirects are
/// not followed, and only `http` and `https` are spoken.
public enum HTTPClient {
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
