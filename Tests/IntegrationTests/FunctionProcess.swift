import Foundation
import GatehouseCore

/// Runs a built function executable the way a web server or a FaaS platform would.
struct FunctionProcess {
    /// What the process wrote and how it ended.
    struct Output {
        let stdout: [UInt8]
        let stderr: String
        let exitCode: Int32
        /// Milliseconds from the start to the end of standard output (the process may run on).
        let untilStdoutEnd: Double
    }

    /// Runs `name` with exactly this environment and standard input.
    static func run(_ name: String, environment: [String: String], input: [UInt8] = []) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path(name))
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let start = SystemAccess.monotonicNanoseconds()
        try process.run()
        // A process that stops at start-up (bad configuration) may close its input first: EPIPE then
        // is its answer, not the test's failure.
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
        try? stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let untilStdoutEnd = Double(SystemAccess.monotonicNanoseconds() - start) / 1_000_000
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            stdout: Array(out), stderr: String(decoding: err, as: UTF8.self), exitCode: process.terminationStatus,
            untilStdoutEnd: untilStdoutEnd)
    }

    /// Runs a function as a CGI program for a request and parses its response.
    static func cgi(
        _ name: String, _ request: APIRequest, configuration: [String: String]
    ) throws
        -> (response: APIResponse, stderr: String)
    {
        let environment = CGITransport.environment(for: request, base: configuration)
        let output = try run(name, environment: environment, input: request.body)
        guard let response = CGITransport.parseResponse(output.stdout) else {
            throw CGIOutputError(output: String(decoding: output.stdout, as: UTF8.self), stderr: output.stderr)
        }
        return (response, output.stderr)
    }

    /// Runs a function as a CGI program and also measures how long the response took: from the
    /// start to the end of standard output (what a web server waits for), not to the exit.
    static func timedCGI(
        _ name: String, _ request: APIRequest, configuration: [String: String]
    ) throws -> (response: APIResponse, untilResponse: Double, stderr: String) {
        let output = try run(
            name, environment: CGITransport.environment(for: request, base: configuration), input: request.body)
        guard let response = CGITransport.parseResponse(output.stdout) else {
            throw CGIOutputError(output: String(decoding: output.stdout, as: UTF8.self), stderr: output.stderr)
        }
        return (response, output.untilStdoutEnd, output.stderr)
    }

    struct CGIOutputError: Error, CustomStringConvertible {
        let output: String
        let stderr: String
        var description: String { "not a CGI response: \(output.prefix(200)) (stderr: \(stderr.prefix(400)))" }
    }
}

extension GatehouseFixture {
    /// The `GATEHOUSE_*` environment the function processes get.
    /// The server secret the spawned functions are given.
    static let serverSecret = "test-server-secret-0123456789abcdef"

    func processEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "GATEHOUSE_REDIS_URL": redisURL, "GATEHOUSE_SIGNING_KEYS": TestSigningKeys.privateJSON,
            "GATEHOUSE_ISSUER": "https://gatehouse.test", "GATEHOUSE_AUDIENCE": "gatehouse-tests",
            "GATEHOUSE_SERVER_SECRET": Self.serverSecret, "GATEHOUSE_OTP_SENDER": "log", "GATEHOUSE_MODE": "test",
            "PATH": "/usr/bin:/bin",
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }
}
