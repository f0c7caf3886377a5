/// The size limits of requests, for every transport and the dispatcher (SPEC §6): the one place
/// that decides them.
public enum RequestLimits {
    /// Largest request body accepted: 64 KiB; larger is 413 before any parsing.
    public static let body = 64 * 1024
    /// Largest event (API Gateway v2 JSON, authorizer event) read from standard input or the
    /// Lambda Runtime API: 1 MiB.
    public static let event = 1 << 20
    /// A body refused as too large is still read, up to this many bytes, before the 413 is
    /// written: a server still writing the body to a program that stopped reading breaks the
    /// response off (Apache) or answers 502 (nginx + fcgiwrap) instead of passing the 413 on.
    public static let drain = 1 << 20

    /// 413 when a body of `count` bytes is over ``body``.
    public static func requireBody(count: Int) throws(GatehouseError) {
        guard count <= body else { throw GatehouseError.payloadTooLarge(limit: body) }
    }
}
