import Dispatch
import GatehouseCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Something that turns a request into a response on a worker thread.
protocol RequestBackend: Sendable {
    /// The application the requests are for.
    var application: Dispatcher { get }
    /// Answers a request; runs on a thread-pool thread and may block.
    func respond(to request: APIRequest) -> APIResponse
}

/// Runs handlers in this process, each worker thread borrowing one Redis connection from a pool.
final class InProcessBackend: RequestBackend {
    let application: Dispatcher
    let redisConfiguration: RedisConfiguration
    private let idle = Mutex<[RedisClientBox]>([])

    init(application: Dispatcher, redisConfiguration: RedisConfiguration) {
        self.application = application
        self.redisConfiguration = redisConfiguration
    }

    func respond(to request: APIRequest) -> APIResponse {
        let response = withClient { application.handle(request, redis: $0) }
        if !response.deferred.isEmpty {
            // Off the request path: the answer goes out now, the work runs on another thread with
            // a connection of its own from the pool.
            DispatchQueue.global().async { self.withClient { response.runDeferred(redis: $0) } }
        }
        return response
    }

    /// Runs `body` with a pooled connection that no other thread holds meanwhile.
    private func withClient<Result>(_ body: (RedisClient) -> Result) -> Result {
        let box = idle.withLock { $0.popLast() } ?? RedisClientBox(RedisClient(configuration: redisConfiguration))
        defer { idle.withLock { $0.append(box) } }
        return body(box.client)
    }
}

/// A Redis client handed between worker threads through the pool; only one thread holds it at a time.
final class RedisClientBox: @unchecked Sendable {
    let client: RedisClient
    init(_ client: RedisClient) { self.client = client }
}

/// Runs each request through the function executable that owns its route, as a CGI program.
struct CGIBackend: RequestBackend {
    let application: Dispatcher
    let binDir: String
    let environment: [String: String]
    let port: Int

    func respond(to request: APIRequest) -> APIResponse {
        guard case .found(let route, _) = application.routes.match(method: request.method, path: request.path) else {
            // Unknown routes and methods get the same answer the functions would give.
            return application.handle(request, redis: RedisClient(configuration: application.configuration.redis))
        }
        let variables = CGITransport.environment(
            for: request, serverPort: port,
            base: environment.filter { $0.key.hasPrefix("GATEHOUSE_") || $0.key == "PATH" })
        guard
            let output = CGIProcess.run(
                executable: binDir + "/" + route.function, environment: variables,
                input: request.body),
            let response = CGITransport.parseResponse(output)
        else {
            application.logger.error("CGI function failed", metadata: ["function": .string(route.function)])
            return ErrorEnvelope.response(for: .internal, requestID: RequestID.mint())
        }
        return response
    }
}

/// Spawning a CGI program: environment in, body on standard input, output read to the end.
enum CGIProcess {
    /// The program's standard output, or nil when it could not be started or was killed.
    static func run(executable: String, environment: [String: String], input: [UInt8]) -> [UInt8]? {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0 else { return nil }
        guard pipe(&stdoutPipe) == 0 else {
            close(stdinPipe[0])
            close(stdinPipe[1])
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        for descriptor in stdinPipe + stdoutPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }

        let arguments = [executable]
        let variables = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawned = withCStrings(arguments) { argv in
            withCStrings(variables) { envp in posix_spawn(&pid, executable, &actions, nil, argv, envp) }
        }
        close(stdinPipe[0])
        close(stdoutPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            return nil
        }
        // Bodies are at most 64 KiB, which fits the pipe buffer: writing cannot block on a child
        // that has not started reading.
        SystemAccess.writeAll(input, to: stdinPipe[1])
        close(stdinPipe[1])
        let output = SystemAccess.readExactly(nil, from: stdoutPipe[0], limit: 4 << 20)
        close(stdoutPipe[0])
        // The answer is complete when standard output closes; a function may still be running its
        // deferred work (an OTP delivery), so the child is reaped off the request path.
        let child = pid
        DispatchQueue.global().async {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        }
        return output
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (inout [UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(&pointers)
    }
}

/// Where this executable lives, to find the function executables beside it.
enum ExecutableLocation {
    static func folder() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }
}
