internal import Crypto

/// The rules of SPEC §6 for `Idempotency-Key`, as pure functions: which requests they apply to,
/// what a key may look like, and what an existing record means for a new request.
public enum IdempotencyPolicy {
    /// How long a completed response is kept: 24 hours.
    public static let retentionMilliseconds: Int64 = 24 * 3_600_000
    /// How long a request may stay in flight before its marker lapses (a crashed process must not
    /// block the key for long): 10 s, or 8 command timeouts when that is longer — more than a
    /// request can spend on Redis. A marker that lapses under a slow attempt cannot mint twice: the
    /// attempt's completion checks its token.
    public static func inFlightMilliseconds(commandTimeout: Duration) -> Int64 {
        let (seconds, attoseconds) = (commandTimeout * 8).components
        return max(10_000, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// What to do with a request that carries an idempotency key.
    public enum Decision: Sendable, Equatable {
        /// No record: run the handler.
        case proceed
        /// The same request completed before: answer with its sealed response.
        case replay(sealed: [UInt8])
        /// Refuse: 409 while the first is in flight, 422 for another body under the same key.
        case refuse(GatehouseError)
    }

    /// Whether idempotency keys apply to a route: every mutating POST that has a principal, but the
    /// verify route's and the console's.
    public static func applies(method: String, access: RouteAccess, function: String) -> Bool {
        guard method == "POST", case .principal = access else { return false }
        // The console's create form carries its own one-time key (a browser sends no header).
        return function != "verify" && function != "console"
    }

    /// Whether a header value is an acceptable key: 1–255 visible ASCII characters.
    public static func isValidKey(_ key: String) -> Bool {
        (1...255).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// A digest of what makes two requests "the same": method, path and body.
    public static func fingerprint(_ request: APIRequest) -> String {
        var bytes = Array(request.method.utf8) + [0x0A] + Array(request.path.utf8) + [0x0A]
        bytes += request.body
        return Hex.encode(SHA256.hash(data: bytes))
    }

    /// Decides from the stored record's state, fingerprint and sealed response (nil: no record).
    public static func decide(
        state: String?, storedFingerprint: String?, sealed: [UInt8]?, fingerprint: String
    ) -> Decision {
        guard let state else { return .proceed }
        guard let storedFingerprint, ConstantTime.equals(storedFingerprint, fingerprint) else {
            return .refuse(
                GatehouseError.validation(
                    "This Idempotency-Key was used with another request", field: "Idempotency-Key"))
        }
        guard state == "done", let sealed else {
            return .refuse(
                GatehouseError.conflict(
                    "A request with this Idempotency-Key is still in flight", code: "idempotency_in_flight"))
        }
        return .replay(sealed: sealed)
    }

    /// Whether a response is kept for replay: successes only; a failure may be retried with the
    /// same key.
    public static func keeps(_ response: APIResponse) -> Bool { (200..<300).contains(response.status) }
}
