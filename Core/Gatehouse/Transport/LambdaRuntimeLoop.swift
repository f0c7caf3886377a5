import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The AWS Lambda custom-runtime loop: fetch an invocation, answer it, repeat, in one warm
/// process that keeps its Redis connection between invocations.
///
/// Events are API Gateway HTTP API v2 or Function URL events; the answer is the v2 response
/// (`statusCode`, `headers`, `cookies`, `body`, `isBase64Encoded`). Anything else is reported on
/// `/error`. The loop is generic over the Runtime API client so tests drive it without a network.
public struct LambdaRuntimeLoop<Client: LambdaRuntimeClient> {
    /// How failed Runtime API calls are repeated: exponential backoff from `firstDelay`, capped at
    /// `maximumDelay`, `attempts` tries in all.
    public struct RetryPolicy: Sendable, Equatable {
        /// Tries per call, the first included.
        public var attempts: Int
        /// The pause after the first failure, in milliseconds.
        public var firstDelayMilliseconds: Int
        /// The longest pause, in milliseconds.
        public var maximumDelayMilliseconds: Int

        /// A policy.
        public init(attempts: Int = 8, firstDelayMilliseconds: Int = 20, maximumDelayMilliseconds: Int = 2_000) {
            self.attempts = max(1, attempts)
            self.firstDelayMilliseconds = max(0, firstDelayMilliseconds)
            self.maximumDelayMilliseconds = max(self.firstDelayMilliseconds, maximumDelayMilliseconds)
        }

        /// The pause after failure number `failure` (1-based).
        public func delay(afterFailure failure: Int) -> Int {
            var delay = firstDelayMilliseconds
            for _ in 1..<max(1, failure) where delay < maximumDelayMilliseconds { delay *= 2 }
            return min(delay, maximumDelayMilliseconds)
        }
    }

    /// What one invocation is answered with.
    public enum Answer: Equatable, Sendable {
        /// The v2 response document, for `/response`.
        case response([UInt8])
        /// A report for `/error`.
        case error(LambdaErrorReport)
    }

    /// Why ``run(limit:)`` returned.
    public enum Exit: Equatable, Sendable {
        /// `limit` invocations were served.
        case servedLimit(Int)
        /// The Runtime API stayed unreachable (or refused `/next`) past the retry policy.
        case runtimeUnavailable(LambdaRuntimeError)
    }

    /// The Runtime API.
    public let client: Client
    /// The routes and configuration served.
    public let application: Dispatcher
    /// The one Redis connection, reused by every invocation of this process.
    public let redis: RedisClient
    /// How failed Runtime API calls are repeated.
    public var retryPolicy: RetryPolicy
    /// Pauses for a number of milliseconds (injectable so tests need not wait).
    public var sleep: (Int) -> Void
    /// Publishes an invocation's trace id (`_X_AMZN_TRACE_ID`), or clears it for nil.
    public var publishTraceID: (String?) -> Void

    /// A loop.
    public init(
        client: Client, application: Dispatcher, redis: RedisClient, retryPolicy: RetryPolicy = RetryPolicy(),
        sleep: @escaping (Int) -> Void = LambdaRuntime.sleepMilliseconds,
        publishTraceID: @escaping (String?) -> Void = LambdaRuntime.exportTraceID
    ) {
        self.client = client
        self.application = application
        self.redis = redis
        self.retryPolicy = retryPolicy
        self.sleep = sleep
        self.publishTraceID = publishTraceID
    }

    /// Serves invocations until `limit` are served (nil: for ever) or the Runtime API is gone.
    public func run(limit: Int? = nil) -> Exit {
        var served = 0
        while limit.map({ served < $0 }) ?? true {
            let invocation: LambdaInvocation
            switch retrying("invocation/next", { () throws(LambdaRuntimeError) in try client.nextInvocation() }) {
            case .success(let next): invocation = next
            case .failure(let error):
                application.logger.critical(
                    "the Lambda Runtime API is unavailable", metadata: ["error": .string(error.description)])
                return .runtimeUnavailable(error)
            }
            publishTraceID(invocation.traceID)
            let (answer, deferred) = respond(to: invocation)
            deliver(answer, for: invocation.requestID)
            // After the `/response` call: work the answer must not wait for (``DeferredWork``).
            for work in deferred { work.run(redis: redis) }
            served += 1
        }
        return .servedLimit(served)
    }

    /// The answer to one invocation: the handler's v2 response, or an error report for an event
    /// that is not an HTTP event.
    public func answer(_ invocation: LambdaInvocation) -> Answer { respond(to: invocation).answer }

    /// The answer to one invocation and the work to run once it is delivered.
    func respond(to invocation: LambdaInvocation) -> (answer: Answer, deferred: [DeferredWork]) {
        var logger = application.logger
        logger[metadataKey: "aws_request_id"] = .string(invocation.requestID)
        let invocationApplication = Dispatcher(
            configuration: application.configuration, routes: application.routes, logger: logger,
            clock: application.clock)
        guard
            let (answer, deferred) = EventInput.answer(
                EventInput.classify(invocation.event), application: invocationApplication, redis: redis,
                requestID: RequestID.mint())
        else {
            logger.error("the invocation is not an HTTP or authorizer event")
            let report = LambdaErrorReport(
                type: "Gatehouse.InvalidEvent",
                message: "The event is not an API Gateway HTTP API v2, Function URL or authorizer event")
            return (.error(report), [])
        }
        return (.response(answer.serialized()), deferred)
    }

    /// Sends an answer; a response the API refuses as too large becomes an error report.
    private func deliver(_ answer: Answer, for requestID: String) {
        let result: Result<Void, LambdaRuntimeError>
        switch answer {
        case .response(let body):
            result = retrying("invocation/response") { () throws(LambdaRuntimeError) in
                try client.sendResponse(body, requestID: requestID)
            }
            if case .failure(let error) = result, error.kind == .rejected(status: 413) {
                let report = LambdaErrorReport(
                    type: "Function.ResponseSizeTooLarge", message: "The response is larger than Lambda accepts")
                deliver(.error(report), for: requestID)
                return
            }
        case .error(let report):
            result = retrying("invocation/error") { () throws(LambdaRuntimeError) in
                try client.sendError(report, requestID: requestID)
            }
        }
        if case .failure(let error) = result {
            application.logger.error(
                "could not deliver an invocation's answer",
                metadata: ["aws_request_id": .string(requestID), "error": .string(error.description)])
        }
    }

    /// Calls `body` until it succeeds, is refused, or fails `retryPolicy.attempts` times.
    private func retrying<T>(
        _ call: String, _ body: () throws(LambdaRuntimeError) -> T
    ) -> Result<
        T, LambdaRuntimeError
    > {
        var failures = 0
        while true {
            do {
                return .success(try body())
            } catch {
                guard error.kind == .transient else { return .failure(error) }
                failures += 1
                guard failures < retryPolicy.attempts else { return .failure(error) }
                let delay = retryPolicy.delay(afterFailure: failures)
                application.logger.warning(
                    "Runtime API call failed; retrying",
                    metadata: [
                        "call": .string(call), "error": .string(error.description),
                        "attempt": .stringConvertible(failures), "delay_ms": .stringConvertible(delay),
                    ])
                sleep(delay)
            }
        }
    }
}
