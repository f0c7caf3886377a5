/// Work that belongs to a request but must not delay its answer: every transport runs it after the
/// response is written (CGI and stdin/stdout: after standard output is closed; the Lambda loop:
/// after the `/response` call; the local server: off the request path). SPEC §4 needs it so that
/// the answer to send-otp cannot depend, in time, on whether a code is delivered.
public struct DeferredWork: Sendable {
    private let body: @Sendable (RedisClient) -> Void

    /// Work to run later with a Redis connection the transport provides (the request's own one
    /// when the transport is done with it, another one otherwise).
    public init(_ body: @escaping @Sendable (RedisClient) -> Void) { self.body = body }

    /// Runs the work.
    public func run(redis: RedisClient) { body(redis) }
}

extension APIResponse {
    /// Runs the response's deferred work, in order; the transport calls it once the answer is out.
    public func runDeferred(redis: RedisClient) {
        for work in deferred { work.run(redis: redis) }
    }
}
