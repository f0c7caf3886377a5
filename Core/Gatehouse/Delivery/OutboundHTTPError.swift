/// An outbound request that got no HTTP response. The description names the failure (a libcurl
/// error text), never the URL's credentials or the body.
public struct OutboundHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}
