import Foundation
import GatehouseCore

/// A private `redis-server` for integration tests: unix socket in a fresh temp directory, no
/// persistence, optionally TCP on a free 127.0.0.1 port.
///
/// The server runs under a tiny `sh` wrapper that reads its standard input from a pipe this
/// process holds. When the pipe closes — `stop()`, `deinit`, or this process exiting or being
/// killed, since the kernel closes its descriptors — the wrapper kills redis-server and waits for
/// it. So no redis-server outlives `swift test`.
final class RedisTestServer: @unchecked Sendable {
    // @unchecked: the mutable state (wrapper pid, control descriptor) is guarded by `lock`.

    /// The server the whole test process shares: `GATEHOUSE_TEST_REDIS_URL` if set (the test script
    /// starts and stops that one), otherwise a private server started on first use.
    /// Tests using it must use their own keys (see `uniqueKey`) and must not flush or block it.
    static let shared: RedisTestServer = {
        if let external = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_REDIS_URL"], !external.isEmpty {
            return RedisTestServer(externalURL: external)
        }
        do {
            return try RedisTestServer()
        } catch {
            fatalError("could not start the shared redis-server for tests: \(error)")
        }
    }()

    /// The folder holding the socket, the log and the working directory (nil for an external server).
    let directory: URL?
    /// The unix socket path (nil for an external server).
    let socketPath: String?
    /// The TCP port, when asked for.
    private(set) var tcpPort: Int?
    /// The cluster bus port of a cluster node (`CLUSTER MEET` needs it).
    private(set) var clusterBusPort: Int?
    /// The password the server requires, if any.
    let password: String?
    private let externalURL: String?
    private let extraArguments: [String]
    private let isClusterNode: Bool
    /// The configuration file a Redis Sentinel starts from (and rewrites), for a sentinel.
    private let sentinelConfigurationPath: String?
    private let lock = NSLock()
    /// The wrapper shell, while running.
    private var wrapperPID: pid_t?
    /// The write end of the wrapper's standard input; closing it stops the server.
    private var controlDescriptor: Int32 = -1

    /// A `unix://` URL for this server (with its password, if it has one).
    var url: String {
        if let externalURL { return externalURL }
        let query = password.map { "?password=\($0)" } ?? ""
        return "unix://\(socketPath!)\(query)"
    }

    /// A `redis://127.0.0.1:port` URL, when started with `tcp: true`.
    var tcpURL: String? {
        guard let tcpPort else { return nil }
        let credentials = password.map { ":\($0)@" } ?? ""
        return "redis://\(credentials)127.0.0.1:\(tcpPort)"
    }

    /// True for the server named by `GATEHOUSE_TEST_REDIS_URL`, which tests cannot stop or restart.
    var isExternal: Bool { externalURL != nil }

    /// Starts a server and waits until it answers PING.
    ///
    /// - Parameters:
    ///   - tcp: also listen on a free 127.0.0.1 port.
    ///   - password: `requirepass`.
    ///   - arguments: more `redis-server` options, for example `["--enable-debug-command", "yes"]`.
    ///   - cluster: run as a Redis Cluster node (implies `tcp`), with its bus on another free port.
    ///   - sentinel: run as a Redis Sentinel (implies `tcp`) from this configuration file text.
    init(
        tcp: Bool = false, password: String? = nil, cluster: Bool = false, sentinel: String? = nil,
        arguments: [String] = []
    ) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatehouse-redis-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        socketPath = directory.appendingPathComponent("redis.sock").path
        self.password = password
        externalURL = nil
        isClusterNode = cluster
        extraArguments = arguments
        if let sentinel {
            let path = directory.appendingPathComponent("sentinel.conf").path
            try sentinel.write(toFile: path, atomically: true, encoding: .utf8)
            sentinelConfigurationPath = path
        } else {
            sentinelConfigurationPath = nil
        }
        for attempt in 1...3 {
            tcpPort = tcp || cluster || sentinel != nil ? try Self.freeTCPPort() : nil
            // The default bus port is the port + 10000, which a free port need not leave room for.
            clusterBusPort = cluster ? try Self.freeTCPPort() : nil
            do {
                try start()
                return
            } catch let error as RedisTestServerError where error.addressInUse && attempt < 3 {
                continue  // another process took the port between our check and redis-server's bind
            }
        }
    }

    private init(externalURL: String) {
        directory = nil
        socketPath = nil
        tcpPort = nil
        clusterBusPort = nil
        password = nil
        self.externalURL = externalURL
        extraArguments = []
        isClusterNode = false
        sentinelConfigurationPath = nil
    }

    deinit {
        stop()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A client for this server with the given timeouts.
    func client(
        connectTimeoutMilliseconds: Int = 250,
        commandTimeoutMilliseconds: Int = 500,
        tcp: Bool = false
    ) throws -> RedisClient {
        let configuration = try RedisConfiguration(
            url: tcp ? tcpURL! : url,
            connectTimeoutMilliseconds: connectTimeoutMilliseconds,
            commandTimeoutMilliseconds: commandTimeoutMilliseconds
        )
        return RedisClient(configuration: configuration)
    }

    /// (Re)starts the server on the same socket and port; waits until it answers PING.
    func start() throws {
        precondition(!isExternal, "cannot start an external Redis server")
        lock.lock()
        defer { lock.unlock() }
        guard wrapperPID == nil, let directory, let socketPath else { return }

        // A sentinel takes its configuration file first.
        var arguments = sentinelConfigurationPath.map { [$0, "--sentinel"] } ?? []
        arguments += [
            "--port", String(tcpPort ?? 0), "--bind", "127.0.0.1",
            "--unixsocket", socketPath, "--unixsocketperm", "700",
            "--save", "", "--appendonly", "no", "--dir", directory.path,
            "--logfile", directory.appendingPathComponent("redis.log").path,
        ]
        if let password { arguments += ["--requirepass", password] }
        if isClusterNode, let clusterBusPort {
            arguments += [
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port",
                String(clusterBusPort),
            ]
        }
        arguments += extraArguments

        // The wrapper kills redis-server as soon as its standard input reaches end-of-file, and
        // exits when redis-server does (so a failed start-up is seen at once).
        let wrapper = """
            exec 3<&0
            redis-server "$@" </dev/null &
            pid=$!
            { read _ignored <&3; kill "$pid" 2>/dev/null; } &
            wait "$pid"
            """
        let (pid, controlDescriptor) = try Self.spawn(["/bin/sh", "-c", wrapper, "redis-test-server"] + arguments)
        self.wrapperPID = pid
        self.controlDescriptor = controlDescriptor
        try waitUntilReady()
    }

    /// True while the server runs.
    var isRunning: Bool { lock.withLock { wrapperPID != nil } }

    /// Kills redis-server with SIGKILL, as a crashed machine would lose it: no shutdown, no
    /// failover handshake, connections refused from then on.
    func crash() throws {
        let info = try client().command(["INFO", "server"]).stringValue ?? ""
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("process_id:") }),
            let pid = pid_t(line.dropFirst("process_id:".count))
        else { throw RedisTestServerError(message: "INFO server named no process_id") }
        kill(pid, SIGKILL)
        stop()
    }

    /// Stops the server (it is gone when this returns); `start()` brings it back on the same socket.
    func stop() {
        guard !isExternal else { return }
        lock.lock()
        defer { lock.unlock() }
        guard let wrapperPID else { return }
        close(controlDescriptor)
        var status: Int32 = 0
        while waitpid(wrapperPID, &status, 0) == -1 && errno == EINTR {}
        self.wrapperPID = nil
        controlDescriptor = -1
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(10)
        let client = RedisClient(configuration: try RedisConfiguration(url: url))
        var lastError: (any Error)?
        while Date() < deadline {
            var status: Int32 = 0
            if let wrapperPID, waitpid(wrapperPID, &status, WNOHANG) == wrapperPID {
                self.wrapperPID = nil
                close(controlDescriptor)
                controlDescriptor = -1
                throw RedisTestServerError(message: "redis-server exited at start-up: \(log())")
            }
            do {
                if try client.command(["PING"]) == .status("PONG") { return }
            } catch {
                lastError = error
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw RedisTestServerError(
            message: "redis-server did not answer PING in 10 s (\(String(describing: lastError))): \(log())")
    }

    /// The server's log, for failure messages.
    func log() -> String {
        guard let directory else { return "" }
        let text = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
    }

    /// A key no other test uses, with a hash tag so multi-key scripts stay in one slot.
    static func uniqueKey(_ name: String) -> String {
        "test:{\(UUID().uuidString.prefix(12))}:\(name)"
    }

    /// Starts a program with standard input from a new pipe (output discarded) and returns its pid
    /// and the pipe's write end.
    ///
    /// posix_spawn rather than Foundation's Process: the child must start with no blocked signals
    /// (test threads block most of them, and a redis-server with SIGTERM blocked cannot be stopped),
    /// and both pipe ends are close-on-exec so no other child keeps the write end open.
    private static let spawnLock = NSLock()

    private static func spawn(_ arguments: [String]) throws -> (pid_t, Int32) {
        var ends: [Int32] = [-1, -1]
        // pipe2(O_CLOEXEC) is not visible from Swift; the lock keeps other spawns here from
        // inheriting the pipe between pipe() and fcntl().
        spawnLock.lock()
        defer { spawnLock.unlock() }
        guard pipe(&ends) == 0 else { throw RedisTestServerError(message: "pipe() failed") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let result = CleanSpawn.withAttributes(arguments: arguments) { attributes, argv in
            posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        }
        close(ends[0])
        guard result == 0 else {
            close(ends[1])
            throw RedisTestServerError(message: "could not start \(arguments[0]): error \(result)")
        }
        return (pid, ends[1])
    }

    private static let portLock = NSLock()
    nonisolated(unsafe) private static var handedOutPorts: Set<Int> = []

    /// Where test servers take their TCP ports: `GATEHOUSE_TEST_PORTS` (`first-last`, for a machine
    /// shared with others), else 20000–29999.
    static let portRange: ClosedRange<Int> = {
        let text = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_PORTS"] ?? ""
        let bounds = text.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, 1024 <= bounds[0], bounds[0] <= bounds[1], bounds[1] <= 65535 else {
            return 20_000...29_999
        }
        return bounds[0]...bounds[1]
    }()

    /// A 127.0.0.1 port that is free now, below the ephemeral range (so outgoing connections,
    /// such as cluster bus links, cannot take it before redis-server binds it) and not handed out
    /// before in this process while others remain.
    static func freeTCPPort() throws -> Int {
        portLock.lock()
        defer { portLock.unlock() }
        for _ in 0..<200 {
            let port = Int.random(in: portRange)
            guard !handedOutPorts.contains(port), canBind(port) else { continue }
            handedOutPorts.insert(port)
            return port
        }
        // A narrow GATEHOUSE_TEST_PORTS range runs out: take back a port whose server is gone (a
        // server that has not bound its port yet makes a second one fail to bind, and it retries).
        if let reused = handedOutPorts.shuffled().first(where: canBind) { return reused }
        throw RedisTestServerError(message: "could not find a free TCP port")
    }

    private static func canBind(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// Why a test Redis server could not be started.
struct RedisTestServerError: Error, CustomStringConvertible {
    let message: String
    /// The server could not bind its port.
    var addressInUse: Bool { message.contains("Address already in use") }
    var description: String { message }
}
