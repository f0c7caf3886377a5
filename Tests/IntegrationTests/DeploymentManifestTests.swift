import Foundation
import GatehouseCore
import Testing

/// The Kubernetes, Knative and OpenFaaS files read the way the platform starts their processes
/// (PyYAML), each process then started with exactly the environment its manifest gives it and the
/// secrets as the files the manifest mounts, and called on every route it serves.
@Suite("Kubernetes, Knative and OpenFaaS manifests: each process started with exactly its environment", .serialized)
struct DeploymentManifestTests {
    /// One process a manifest starts.
    struct ManifestProcess {
        let name: String
        let command: [String]
        let environment: [String: String]
        /// Mounted secret file → the secret's name in the platform's store.
        let secretFiles: [String: String]
    }

    static func processes(_ file: String) throws -> [ManifestProcess] {
        let (status, output) = try runTool(
            SAMTemplateTests.python,
            [
                repositoryRoot.appendingPathComponent("Tests/Fixtures/manifest-processes.py").path,
                repositoryRoot.appendingPathComponent(file).path,
            ])
        guard status == 0, let list = try JSONValue.parse(output).arrayValue else {
            throw SupervisedProcessError("manifest-processes.py \(file) failed (\(status)): \(output)")
        }
        return list.map { entry in
            ManifestProcess(
                name: entry["name"]?.stringValue ?? "",
                command: (entry["command"]?.arrayValue ?? []).compactMap(\.stringValue),
                environment: entry["environment"]?.strings ?? [:], secretFiles: entry["secretFiles"]?.strings ?? [:])
        }
    }

    /// The process's environment with its secret files written under `folder` (the values tests
    /// use), paths rewritten to them; fails when a `*_FILE` names a file the manifest does not mount.
    static func environment(_ process: ManifestProcess, folder: URL, redisURL: String) throws -> [String: String] {
        let secrets = DeploymentTestValues.secretFiles(redisURL: redisURL)
        var environment = process.environment
        for (name, value) in process.environment where name.hasSuffix("_FILE") {
            let key = try #require(
                process.secretFiles[value], "\(process.name): \(name)=\(value) is not a mounted secret")
            let secretKey = key.hasPrefix("gatehouse-") ? String(key.dropFirst("gatehouse-".count)) : key
            let secret = try #require(secrets[secretKey], "\(process.name): no test value for secret \(key)")
            let path = folder.appendingPathComponent(secretKey).path
            try secret.write(toFile: path, atomically: true, encoding: .utf8)
            environment[name] = path
        }
        environment["PATH"] = "/usr/bin:/bin"
        return environment
    }

    /// Starts gatehouse-server as the manifest's command says, on a free loopback port, and calls
    /// every route of the catalog through it.
    static func serveEveryRoute(
        _ process: ManifestProcess, environment: [String: String], fixture: GatehouseFixture
    ) throws {
        #expect(process.command.first == "gatehouse-server", "\(process.name): \(process.command)")
        try serveEveryRoute(
            name: process.name, executable: BuiltProducts.path("gatehouse-server"),
            arguments: Array(process.command.dropFirst()),
            environment: environment, fixture: fixture)
    }

    /// Starts a gatehouse-server `executable` with `arguments` whose `--host` and `--port` are
    /// replaced by a free loopback port, and calls every route of the catalog through it.
    static func serveEveryRoute(
        name: String, executable: String, arguments given: [String], environment: [String: String],
        fixture: GatehouseFixture
    ) throws {
        let port = try TestPorts.free()
        var arguments = given
        for (flag, value) in [("--host", "127.0.0.1"), ("--port", String(port))] {
            let index = try #require(arguments.firstIndex(of: flag), "\(name) gives no \(flag)")
            arguments[index + 1] = value
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "manifest-\(UUID().uuidString.prefix(8)).log"
        ).path
        let server = try SupervisedProcess([executable] + arguments, environment: environment, logPath: log)
        defer {
            server.stop()
            try? FileManager.default.removeItem(atPath: log)
        }
        try TestPorts.waitUntilListening(port, process: server)
        for route in RouteCatalog.routes {
            try CatalogRequests.expectOwnerAnswers(
                route, base: "http://127.0.0.1:\(port)", fixture: fixture, context: "\(name): \(server.log())")
        }
    }

    @Test(
        "Kubernetes Deployment and Knative Service: gatehouse-server serves every route",
        arguments: [
            "infra/k8s/gatehouse.yaml", "infra/k8s/knative-service.yaml",
        ])
    func kubernetes(file: String) throws {
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        let processes = try Self.processes(file)
        #expect(processes.count == 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for process in processes {
            try Self.serveEveryRoute(
                process, environment: Self.environment(process, folder: folder, redisURL: redis.url), fixture: fixture)
        }
    }

    @Test("OpenFaaS: gatehouse-server behind the of-watchdog serves every route; the classic-watchdog function starts")
    func openFaaS() throws {
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        let processes = try Self.processes("infra/openfaas/stack.yml")
        #expect(processes.map(\.command.first) == ["gatehouse-server", "signin"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "openfaas-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for process in processes {
            let environment = try Self.environment(process, folder: folder, redisURL: redis.url)
            guard let function = process.command.first.flatMap(FunctionName.init(rawValue:)) else {
                try Self.serveEveryRoute(process, environment: environment, fixture: fixture)
                continue
            }
            // The classic watchdog: one process per request, the request in Http_* variables.
            for route in RouteCatalog.routes(of: function) {
                var request = environment
                request["Http_Method"] = route.method
                request["Http_Path"] = CatalogRequests.path(route, tenant: fixture.tenant)
                request["Http_Authorization"] = "Bearer \(fixture.ownerKey.text)"
                request["Http_Content_Length"] = "0"
                let output = try FunctionProcess.run(function.rawValue, environment: request)
                let body = String(decoding: output.stdout, as: UTF8.self)
                #expect(
                    output.exitCode == 0,
                    "\(process.name): \(route.pattern) exited \(output.exitCode): \(output.stderr)")
                #expect(!body.contains("misconfigured") && !body.contains("No route"), "\(process.name): \(body)")
            }
        }
    }
}
