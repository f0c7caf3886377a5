import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The entry point every function executable calls: reads the configuration, picks the transport
/// (SPEC §7) and serves.
public enum FunctionMain {
    /// The ways a function can be invoked.
    public enum TransportKind: String, Sendable {
        case cgi, event, lambda, watchdog

        /// The transport an environment asks for: `GATEHOUSE_TRANSPORT`, else
        /// `AWS_LAMBDA_RUNTIME_API` → Lambda, `GATEWAY_INTERFACE` → CGI, `Http_Method` → watchdog,
        /// else one event on standard input.
        public static func detect(_ environment: [String: String]) -> TransportKind {
            if let explicit = environment["GATEHOUSE_TRANSPORT"].flatMap(TransportKind.init(rawValue:)) {
                return explicit
            }
            if environment["AWS_LAMBDA_RUNTIME_API"].map({ !$0.isEmpty }) == true { return .lambda }
            if environment["GATEWAY_INTERFACE"].map({ !$0.isEmpty }) == true { return .cgi }
            if environment["Http_Method"].map({ !$0.isEmpty }) == true { return .watchdog }
            return .event
        }
    }

    /// Serves the catalog routes of `function` with these handlers (``RouteCatalog``), reading only
    /// the settings the function uses, with the transport the environment calls for; then exits.
    public static func run(_ function: FunctionName, handlers: RouteHandlers...) -> Never {
        let merged = handlers.reduce(RouteHandlers()) { all, more in all.merging(more) }
        run(RouteTable(functions: [function], handlers: merged), function: function)
    }

    /// Serves `routes` as `function` with the transport the environment calls for, then exits.
    public static func run(_ routes: RouteTable, function: FunctionName) -> Never {
        let environment = SystemAccess.environment()
        let transport = TransportKind.detect(environment)
        let configuration: Configuration
        do {
            configuration = try Configuration(environment: environment, function: function)
        } catch {
            let logger = Logger(label: "gatehouse.\(function.rawValue)") { JSONLogHandler(label: $0) }
            logger.critical(
                "invalid configuration",
                metadata: [
                    "variable": .string(error.variable),
                    "problem": .string(error.problem),
                ])
            failStartup(transport: transport, environment: environment, error: error, logger: logger)
        }
        let level = configuration.logLevel
        let logger = Logger(label: "gatehouse.\(function.rawValue)") { JSONLogHandler(label: $0, level: level) }
        let application = Dispatcher(configuration: configuration, routes: routes, logger: logger)
        let redis = RedisClient(configuration: configuration.redis)

        switch transport {
        case .cgi:
            serveStandardInput(application, redis: redis, transport: "cgi", render: CGITransport.render) {
                read throws(GatehouseError) in try CGITransport.request(environment: environment, readBody: read)
            }
        case .event:
            serveEvent(application, redis: redis)
        case .watchdog:
            serveStandardInput(application, redis: redis, transport: "watchdog", render: WatchdogTransport.render) {
                read throws(GatehouseError) in try WatchdogTransport.request(environment: environment, readBody: read)
            }
        case .lambda:
            serveLambda(application, redis: redis, environment: environment)
        }
        redis.close()
        exit(0)
    }

    /// One request described by the environment with its body on standard input (CGI, the
    /// OpenFaaS watchdog), its answer on standard output in the transport's form.
    static func serveStandardInput(
        _ application: Dispatcher, redis: RedisClient, transport: String, render: (APIResponse) -> [UInt8],
        request: (StandardInputBody.Reader) throws(GatehouseError) -> APIRequest
    ) {
        let requestID = RequestID.mint()
        let response: APIResponse
        do {
            let parsed = try request { count, limit in SystemAccess.readExactly(count, from: 0, limit: limit) }
            response = application.handle(parsed, redis: redis, requestID: requestID)
        } catch {
            response = application.refuse(error, requestID: requestID, transport: transport)
        }
        // CGI: a web server may end a CGI program that still runs once its answer is complete —
        // lighttpd signals the program's process group as soon as it has read Content-Length bytes
        // (an OTP code was never delivered behind it), Apache sends SIGTERM and SIGKILL 3 s later —
        // so the deferred work runs in a child that has left the group and the session before the
        // first byte of the answer is written.
        if transport == "cgi", !response.deferred.isEmpty, let isWorker = forkDetachedWorker() {
            if isWorker {
                finish(response.deferred, redis: redis)
            } else {
                SystemAccess.writeAll(render(response), to: 1)
            }
            return
        }
        SystemAccess.writeAll(render(response), to: 1)
        finish(response.deferred, redis: redis)
    }

    /// One event from standard input (``EventInput``: an API Gateway v2 HTTP event, or an
    /// authorizer event), its answer on standard output.
    static func serveEvent(_ application: Dispatcher, redis: RedisClient) {
        let requestID = RequestID.mint()
        let input = SystemAccess.readExactly(nil, from: 0, limit: RequestLimits.event) ?? []
        let kind = EventInput.classify(input)
        let output: JSONValue
        var deferred: [DeferredWork] = []
        if let (answer, work) = EventInput.answer(kind, application: application, redis: redis, requestID: requestID) {
            output = answer
            deferred = work
        } else {
            guard case .unknown(let error) = kind else { return }
            output = EventTransport.render(application.refuse(error, requestID: requestID, transport: "event"))
        }
        SystemAccess.writeAll(output.serialized() + [0x0A], to: 1)
        finish(deferred, redis: redis)
    }

    /// Closes standard output, so the web server or platform has the whole answer, then runs the
    /// response's deferred work (``DeferredWork``). The work starts after a short pause and at a
    /// lower priority: whoever reads the answer (the web server, woken by the end of the pipe)
    /// gets the processor first, so the work (loading libcurl, for one) cannot delay the answer.
    static func finish(_ deferred: [DeferredWork], redis: RedisClient) {
        guard !deferred.isEmpty else { return }
        close(1)
        _ = nice(10)
        usleep(10_000)
        for work in deferred { work.run(redis: redis) }
    }

    /// Forks a worker for the deferred work that has left the web server's session and process
    /// group (so no signal the web server sends the group reaches it) and holds neither standard
    /// input nor standard output (so the answer ends when this process exits), ignoring SIGPIPE:
    /// the web server may close the standard error pipe once the parent is gone, and a log line
    /// written to it then must fail, not end the work. The parent returns only once the worker has
    /// left the group. True in the worker, false in the parent; nil when the fork failed (the
    /// work then runs here, as it would without a web server).
    static func forkDetachedWorker() -> Bool? {
        var handshake: [Int32] = [-1, -1]
        guard pipe(&handshake) == 0 else { return nil }
        let child = fork()
        guard child >= 0 else {
            close(handshake[0])
            close(handshake[1])
            return nil
        }
        if child == 0 {
            close(handshake[0])
            _ = setsid()
            _ = signal(SIGPIPE, SIG_IGN)
            close(0)
            close(1)
            close(handshake[1])
            return true
        }
        close(handshake[1])
        var byte: UInt8 = 0
        _ = read(handshake[0], &byte, 1)  // returns once the worker has closed its end
        close(handshake[0])
        return false
    }

    /// The Lambda runtime loop, until the Runtime API goes away (then exit 1: Lambda starts a new
    /// process). libcurl is loaded here, and only here.
    static func serveLambda(_ application: Dispatcher, redis: RedisClient, environment: [String: String]) -> Never {
        let client: CurlLambdaRuntimeClient
        do {
            client = try CurlLambdaRuntimeClient(endpoint: environment["AWS_LAMBDA_RUNTIME_API"] ?? "")
        } catch {
            application.logger.critical(
                "cannot start the Lambda runtime loop", metadata: ["error": .string(error.description)])
            exit(1)
        }
        _ = LambdaRuntimeLoop(client: client, application: application, redis: redis).run()
        redis.close()
        exit(1)
    }

    /// Answers a start-up failure in the transport's own terms, then exits non-zero.
    static func failStartup(
        transport: TransportKind, environment: [String: String], error: ConfigurationError, logger: Logger
    ) -> Never {
        let failure = GatehouseError(status: 500, code: "internal_error", message: "Gatehouse is misconfigured")
        let response = ErrorEnvelope.response(for: failure, requestID: RequestID.mint())
        switch transport {
        case .cgi:
            // Read the body first, as for a 413: a server still writing it would cut the 500 off.
            if let length = environment["CONTENT_LENGTH"].flatMap({ Int($0) }), length > 0,
                length <= RequestLimits.drain
            {
                _ = SystemAccess.readExactly(length, from: 0, limit: length)
            }
            SystemAccess.writeAll(CGITransport.render(response), to: 1)
            exit(0)
        case .event:
            SystemAccess.writeAll(EventTransport.render(response).serialized() + [0x0A], to: 1)
            exit(1)
        case .watchdog:
            SystemAccess.writeAll(WatchdogTransport.render(response), to: 1)
            exit(1)
        case .lambda:
            // The Runtime API records why the function could not start (the variable, never its value).
            let report = LambdaErrorReport(
                type: "Runtime.ConfigurationError",
                message: "Gatehouse is misconfigured: \(error.variable) \(error.problem)")
            do {
                try CurlLambdaRuntimeClient(endpoint: environment["AWS_LAMBDA_RUNTIME_API"] ?? "")
                    .sendInitializationError(report)
            } catch {
                logger.critical("could not report the start-up failure", metadata: ["error": .string("\(error)")])
            }
            exit(1)
        }
    }
}
