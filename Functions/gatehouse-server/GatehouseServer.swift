import ArgumentParser
import GatehouseCore
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// `gatehouse-server`: every route of every function on one port. In-process by default; with
/// `--cgi`, each request runs the function's own executable with a CGI environment, exactly as a
/// web server would. The local harness, and the container entry point for HTTP-style platforms.
@main
struct GatehouseServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse-server", abstract: "Serve every Gatehouse route on one port.")

    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Flag(help: "Run each request through the function executables as CGI programs.") var cgi = false
    @Option(help: "Folder of the function executables for --cgi (default: this executable's folder).")
    var binDir: String?
    @Option(
        help: """
            Worker threads for requests that use Redis, each with at most one Redis connection \
            (default: GATEHOUSE_SERVER_WORKERS, else twice the cores).
            """)
    var workers: Int?
    @Option(
        help: """
            Worker threads for requests answered without Redis: discovery, JWT-only verify \
            (default: GATEHOUSE_SERVER_FREE_WORKERS, else the cores).
            """)
    var freeWorkers: Int?
    @Option(
        help: """
            Shed a request that waited this long for a worker with 503 (default: \
            GATEHOUSE_SERVER_QUEUE_TIMEOUT_MS, else the Redis command timeout).
            """)
    var queueTimeoutMs: Int?

    func run() async throws {
        let environment = SystemAccess.environment()
        let configuration: Configuration
        do {
            configuration = try Configuration(environment: environment, functions: FunctionName.allCases)
        } catch {
            throw ValidationError(error.description)
        }
        let level = configuration.logLevel
        let logger = Logger(label: "gatehouse.server") { JSONLogHandler(label: $0, level: level) }
        var application = Dispatcher(
            configuration: configuration, routes: FunctionCatalog.allRoutes, logger: logger)
        let lanes = try WorkerLanes(
            storeWorkers: workers ?? Self.setting("GATEHOUSE_SERVER_WORKERS", environment) ?? System.coreCount * 2,
            freeWorkers: freeWorkers ?? Self.setting("GATEHOUSE_SERVER_FREE_WORKERS", environment) ?? System.coreCount,
            queueTimeout: (queueTimeoutMs ?? Self.setting("GATEHOUSE_SERVER_QUEUE_TIMEOUT_MS", environment)).map {
                .milliseconds($0)
            } ?? configuration.redis.commandTimeout)

        let backend: any RequestBackend
        if cgi {
            let folder = binDir ?? ExecutableLocation.folder()
            backend = CGIBackend(application: application, binDir: folder, environment: environment, port: port)
        } else {
            application.deferredAudit = BackgroundAuditLog(redisConfiguration: configuration.redis, logger: logger)
            backend = InProcessBackend(application: application, redisConfiguration: configuration.redis)
        }
        let responder = CallbackResponder<ServerRequestContext> { request, context in
            let gatehouseRequest = try await RequestBridge.request(from: request, context: context)
            let response = try await lanes.respond(to: gatehouseRequest, backend: backend)
            return RequestBridge.response(from: response)
        }
        let server = Hummingbird.Application(
            responder: responder, configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { _ in
                logger.notice(
                    "listening",
                    metadata: [
                        "address": .string("\(host):\(port)"),
                        "mode": .string(cgi ? "cgi" : "in-process"),
                    ])
            }, logger: logger)
        try await server.runService()
        try await lanes.shutdown()
    }

    /// A positive whole number from a `GATEHOUSE_SERVER_*` variable; nil when unset.
    static func setting(_ name: String, _ environment: [String: String]) throws -> Int? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text), value > 0 else { throw ValidationError("\(name) must be a positive whole number") }
        return value
    }
}
