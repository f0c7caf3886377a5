/// Request ids (`req_` and 20 random base62 characters): minted once per request, by the transport
/// that received it, and carried by its answer (`X-Request-Id`, error envelopes) and every log line.
public enum RequestID {
    /// A new request id.
    public static func mint() -> String { "req_" + Base62.random(count: 20) }
}
