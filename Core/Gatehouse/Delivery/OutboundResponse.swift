/// What came back.
public struct OutboundResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// The body (at most 64 KiB: a larger one fails the exchange).
    public var body: [UInt8]
}
