import Foundation

/// A long-running program a test starts (a web server, fcgiwrap, ministack) that cannot outlive
/// the test run.
///
/// It runs under a small `sh` wrapper that reads its standard input from a pipe this process
/// holds: when the pipe closes (``stop()``, `deinit`, or the test process ending in any way, since
/// the kernel closes its descriptors) the wrapper sends the program SIGTERM, waits, and exits.
final class SupervisedProcess: @unchecked Sendable {
    // @unchecked: `pid` and `control` change only in start and stop, which the owner calls in order.
    private var pid: pid_t = 0
    private var control: Int32 = -1
    /// Where the program's standard output and error go.
    let logPath: String

    /// Starts `arguments` with `environment` (nil: this process's), output appended to `logPath`.
    init(_ arguments: [String], environment: [String: String]? = nil, logPath: String) throws {
        self.logPath = logPath
        let wrapper = """
            exec 3<&0
            "$@" </dev/null &
            pid=$!
            { read _ignored <&3; kill "$pid" 2>/dev/null; } &
            wait "$pid"
            """
        try start(["/bin/sh", "-c", wrapper, "supervised"] + arguments, environment: environment)
    }

    deinit { stop() }

    /// True while the program runs.
    var isRunning: Bool {
        guard pid > 0 else { return false }
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Stops the program and waits until it is gone.
    func stop() {
        guard pid > 0 else { return }
        close(control)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        pid = 0
        control = -1
    }

    /// The program's output so far (its tail), for failure messages.
    func log() -> String {
        String(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").suffix(3000))
    }

    private static let spawnLock = NSLock()

    private func start(_ arguments: [String], environment: [String: String]?) throws {
        var ends: [Int32] = [-1, -1]
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        guard pipe(&ends) == 0 else { throw SupervisedProcessError("pipe() failed") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = environmentLines.map { strdup($0) } + [nil]
        defer { for entry in envp { free(entry) } }
        var pid: pid_t = 0
        let result = CleanSpawn.withAttributes(arguments: arguments) { attributes, argv in
            posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        }
        close(ends[0])
        guard result == 0 else {
            close(ends[1])
            throw SupervisedProcessError("could not start \(arguments[0]): error \(result)")
        }
        self.pid = pid
        control = ends[1]
    }
}

/// Why a supervised program could not be started or reached.
struct SupervisedProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Loopback ports for test servers.
enum TestPorts {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut: Set<Int> = []

    /// A 127.0.0.1 port free now, below the ephemeral range, not handed out before in this process.
    static func free() throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        for _ in 0..<200 {
            let port = Int.random(in: 30_000..<32_000)
            guard !handedOut.contains(port), canBind(port) else { continue }
            handedOut.insert(port)
            return port
        }
        throw SupervisedProcessError("no free TCP port")
    }

    /// True when something accepts TCP connections on 127.0.0.1:`port`.
    static func isListening(_ port: Int) -> Bool {
        withSocket(port) { descriptor, address in
            connect(descriptor, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }

    /// Waits until `port` accepts connections, failing early when `process` exits.
    static func waitUntilListening(_ port: Int, process: SupervisedProcess, seconds: Double = 15) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if isListening(port) { return }
            guard process.isRunning else { throw SupervisedProcessError("exited at start-up: \(process.log())") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw SupervisedProcessError("nothing listens on \(port) after \(seconds) s: \(process.log())")
    }

    private static func canBind(_ port: Int) -> Bool {
        withSocket(port) { descriptor, address in
            bind(descriptor, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }

    private static func withSocket(_ port: Int, _ body: (Int32, UnsafePointer<sockaddr>) -> Bool) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(descriptor, $0) }
        }
    }
}

/// A TCP listener on 127.0.0.1 that only counts the connections made to it: the httpoxy tests
/// point a `Proxy:` header at it and check that nobody came.
final class ConnectionCounter {
    let port: Int
    private let descriptor: Int32

    init() throws {
        port = try TestPorts.free()
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard bound, listen(descriptor, 16) == 0 else { throw SupervisedProcessError("cannot listen on \(port)") }
    }

    deinit { close(descriptor) }

    /// True when a connection is waiting to be accepted.
    var wasContacted: Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }
}
