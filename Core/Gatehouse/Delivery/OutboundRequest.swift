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
