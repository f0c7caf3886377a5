import Foundation
import GatehouseCore

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A real web server (Debian's lighttpd, Apache httpd or nginx + fcgiwrap) on a free 127.0.0.1
/// port, serving the built function executables as CGI programs with the configuration files
/// in `infra/cgi/`, filled in for this run. Stopped (with everything it started) by ``stop()``
/// or when the test process ends.
final class WebServer {
    /// The servers Gatehouse is tested behind.
    enum Kind: String, CaseIterable, CustomStringConvertible, Sendable {
        case lighttpd, apache, nginx
        var description: String { rawValue }
    }

    let kind: Kind
    let port: Int
    let state: URL
    private var processes: [SupervisedProcess] = []

    /// `http://127.0.0.1:<port>`.
    var base: String { "http://127.0.0.1:\(port)" }

    /// Starts a server whose functions use `redisURL`, the test signing keys, and a webhook OTP
    /// sender posting to `otpWebhookURL` (a loopback address: nothing leaves the machine).
    init(_ kind: Kind, redisURL: String, otpWebhookURL: String = "http://127.0.0.1:9/otp") throws {
        self.kind = kind
        port = try TestPorts.free()
        state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gatehouse-\(kind)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: state.appendingPathComponent("www"), withIntermediateDirectories: true)
        // The secrets, one file each as the rendered files expect them (test keys only: readable by
        // the account Apache runs CGI programs as).
        let secrets = DeploymentTestValues.secretFiles(redisURL: redisURL, otpWebhookURL: otpWebhookURL)
        for (name, value) in secrets {
            try value.write(toFile: state.appendingPathComponent(name).path, atomically: true, encoding: .utf8)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: state.path)

        // Apache refuses to run CGI programs as root; the others run as the test's user.
        let account = kind == .apache ? "www-data" : "root"
        let values = [
            "PORT": String(port), "BIN": BuiltProducts.directory.path, "STATE": state.path,
            "SECRETS_DIR": state.path, "ISSUER": DeploymentTestValues.issuer, "AUDIENCE": DeploymentTestValues.audience,
            "OTP_SENDER": "webhook", "OTP_WEBHOOK_URL": otpWebhookURL,
            "FCGIWRAP_SOCKET": state.appendingPathComponent("fcgiwrap.sock").path, "CONF_DIR": state.path,
        ]
        // infra/cgi/render fills the placeholders, as a site would run it; it fails on any it has no value for.
        func render(_ name: String) throws -> String {
            let (status, text) = try runTool(
                "/bin/bash", [repositoryRoot.appendingPathComponent("infra/cgi/render").path, "infra/cgi/\(name)"],
                environment: values.merging(["GATEHOUSE_CGI_USER": account, "GATEHOUSE_CGI_GROUP": account]) { $1 },
                directory: repositoryRoot)
            guard status == 0 else { throw SupervisedProcessError("infra/cgi/render \(name): \(text)") }
            let path = state.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        let log = state.appendingPathComponent("server.log").path
        do {
            switch kind {
            case .lighttpd:
                let config = try render("lighttpd.conf")
                processes.append(try SupervisedProcess(["/usr/sbin/lighttpd", "-D", "-f", config], logPath: log))
            case .apache:
                let config = try render("apache.conf")
                processes.append(
                    try SupervisedProcess(
                        ["/usr/sbin/apache2", "-f", config, "-DFOREGROUND"], environment: ["PATH": "/usr/bin:/bin"],
                        logPath: log))
            case .nginx:
                _ = try render("nginx-fastcgi.inc")
                let config = try render("nginx.conf")
                let socket = values["FCGIWRAP_SOCKET"]!
                processes.append(try SupervisedProcess(["/usr/sbin/fcgiwrap", "-s", "unix:" + socket], logPath: log))
                processes.append(
                    try SupervisedProcess(["/usr/sbin/nginx", "-p", state.path, "-c", config], logPath: log))
            }
            try TestPorts.waitUntilListening(port, process: processes.last!)
        } catch {
            stop()
            throw SupervisedProcessError("\(kind) did not start: \(error) \(errorLog())")
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: state)
    }

    /// Stops the server and whatever it started.
    func stop() {
        for process in processes.reversed() { process.stop() }
        processes = []
    }

    /// The server's error log, for failure messages.
    func errorLog() -> String {
        let names = ["lighttpd-error.log", "apache-error.log", "nginx-error.log", "server.log"]
        return names.compactMap {
            try? String(contentsOf: state.appendingPathComponent($0), encoding: .utf8)
        }.joined(separator: "\n").suffix(3000).description
    }

    /// One HTTP exchange through the server, with curl.
    struct Reply {
        let status: Int
        let headers: HeaderFields
        let body: String
        var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }
    }

    /// Sends a request with curl (`--path-as-is`, so the path reaches the server as written).
    func send(
        _ method: String, _ path: String, headers: [String] = [], body: String? = nil, chunked: Bool = false
    ) throws -> Reply {
        try Self.send(base: base, method, path, headers: headers, body: body, chunked: chunked)
    }

    /// Sends a request to any HTTP server at `base` with curl, as ``send(_:_:headers:body:chunked:)`` does.
    static func send(
        base: String, _ method: String, _ path: String, headers: [String] = [], body: String? = nil,
        chunked: Bool = false, timeout: Int = 20
    ) throws -> Reply {
        var arguments = ["-s", "-S", "-i", "--path-as-is", "-X", method, base + path, "--max-time", String(timeout)]
        for header in headers { arguments += ["-H", header] }
        if chunked { arguments += ["-H", "Transfer-Encoding: chunked"] }
        // A POST without a body still says Content-Length: 0, as browsers and HTTP libraries do
        // (lighttpd answers 411 to a POST with neither a length nor chunked framing).
        if let body {
            arguments += ["--data-binary", body]
        } else if method == "POST" {
            arguments += ["--data-binary", ""]
        }
        let (status, output) = try runTool("/usr/bin/curl", arguments)
        guard status == 0 else { throw SupervisedProcessError("curl failed (\(status)): \(output)") }
        return try parse(output)
    }

    /// Splits curl's `-i` output into status, headers and body (skipping interim 1xx answers).
    static func parse(_ output: String) throws -> Reply {
        var rest = Substring(output)
        while true {
            guard let end = rest.range(of: "\r\n\r\n") else {
                throw SupervisedProcessError("no header block: \(output)")
            }
            let lines = rest[..<end.lowerBound].components(separatedBy: "\r\n")
            rest = rest[end.upperBound...]
            guard let status = lines.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
                throw SupervisedProcessError("no status line: \(output)")
            }
            if status < 200 { continue }
            var headers = HeaderFields()
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.add(
                    String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            return Reply(status: status, headers: headers, body: String(rest))
        }
    }
}
