import Foundation
import GatehouseCore
import Testing

/// `gatehouse deploy` as a user runs it.
@Suite("gatehouse deploy render and gatehouse deploy functions")
struct DeployCommandTests {
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "deploy-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("render all --out DIR writes exactly the committed files")
    func renderAll() throws {
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let (status, output) = try runTool(
            BuiltProducts.path("gatehouse"), ["deploy", "render", "all", "--out", out.path])
        #expect(status == 0, "\(output)")
        let written = output.split(separator: "\n").map { String($0.dropFirst(out.path.count + 1)) }
        #expect(written.count == 10 && written.contains("infra/lambda/template.yaml"), "\(output)")
        for path in written {
            let rendered = try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
            let committed = try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
            #expect(
                rendered == committed, "\(path) differs from its rendering: run `gatehouse deploy render all --out .`")
        }
        let (_, printed) = try runTool(BuiltProducts.path("gatehouse"), ["deploy", "render", "sam"])
        #expect(
            printed
                == (try String(
                    contentsOf: repositoryRoot.appendingPathComponent("infra/lambda/template.yaml"), encoding: .utf8)))
    }

    @Test("an unknown target is refused with exit 64, naming it, and nothing is written")
    func unknownTarget() throws {
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: out) }
        let (status, output) = try runTool(
            BuiltProducts.path("gatehouse"), ["deploy", "render", "heroku", "--out", out.path])
        #expect(status == 64)
        #expect(output.contains("unknown deployment target 'heroku'"), "\(output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
        let (nginx, nginxOutput) = try runTool(BuiltProducts.path("gatehouse"), ["deploy", "render", "nginx"])
        #expect(nginx == 64 && nginxOutput.contains("renders 2 files"), "\(nginxOutput)")
    }

    @Test("deploy functions lists the catalog's functions, one a line")
    func functions() throws {
        let (status, output) = try runTool(BuiltProducts.path("gatehouse"), ["deploy", "functions"])
        #expect(status == 0)
        #expect(output.split(separator: "\n").map(String.init) == RouteCatalog.functions.map(\.name.rawValue))
    }

    @Test("infra/cgi/render fills every placeholder, and refuses (exit 1, naming it) one it has no value for")
    func cgiRender() throws {
        let script = repositoryRoot.appendingPathComponent("infra/cgi/render").path
        let values = [
            "PORT": "8081", "BIN": "/opt/gatehouse/bin", "STATE": "/var/lib/gatehouse", "ISSUER": "https://a.test",
            "AUDIENCE": "gatehouse", "OTP_SENDER": "webhook", "OTP_WEBHOOK_URL": "https://hooks.test/otp",
        ]
        let (missing, output) = try runTool(
            "/bin/bash", [script, "infra/cgi/lighttpd.conf"], environment: values, directory: repositoryRoot)
        #expect(missing == 1 && output.contains("render: no value for @SECRETS_DIR@"), "\(output)")
        let (filled, text) = try runTool(
            "/bin/bash", [script, "infra/cgi/lighttpd.conf"],
            environment: values.merging(["SECRETS_DIR": "/etc/gatehouse"]) { $1 },
            directory: repositoryRoot)
        #expect(filled == 0, "\(text)")
        #expect(text.contains(#""GATEHOUSE_SIGNING_KEYS_FILE" => "/etc/gatehouse/signing-keys""#))
        #expect(text.range(of: "@[A-Z_]+@", options: .regularExpression) == nil)
    }
}
