import Foundation
import GatehouseCore
import Testing

/// One run of a Selenium script (Tests/Fixtures/…-browser.py, Debian's chromium) against
/// `gatehouse-server --cgi` on a free loopback port in test mode, with the harness's OTP receiver
/// and the default `__Host-` session cookie: the JSON line the script printed last.
enum BrowserRun {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/" + name).path
    }

    /// Starts the server for `harness`, then runs `script` with `--base <url>` and the arguments
    /// `arguments(base)` gives.
    static func run(
        _ script: String, harness: OTPHarness, arguments: (String) throws -> [String]
    ) throws -> JSONValue {
        let port = try TestPorts.free()
        let base = "http://127.0.0.1:\(port)"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gh-browser-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = harness.fixture.processEnvironment(harness.environment(["GATEHOUSE_ISSUER": base]))
        environment["GATEHOUSE_COOKIE_NAME"] = nil
        let server = try SupervisedProcess(
            [BuiltProducts.path("gatehouse-server"), "--port", String(port), "--cgi", "--workers", "2"],
            environment: environment, logPath: folder.appendingPathComponent("server.log").path)
        defer { server.stop() }
        try TestPorts.waitUntilListening(port, process: server)
        // The python3 that infra/lib.sh installed selenium for: the first on the test's PATH.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let (status, output) = try runTool(
            "/usr/bin/env", ["python3", fixture(script), "--base", base] + (try arguments(base)),
            environment: ["HOME": folder.path, "PATH": path])
        try #require(status == 0, "the browser run failed: \(output)\n\(server.log())")
        let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") }, "\(output)")
        return try JSONValue.parse(Array(line.utf8))
    }
}
