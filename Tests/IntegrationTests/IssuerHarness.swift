import Foundation
import GatehouseCore
import Testing

/// Tokens and public keys minted by PyJWT and joserfc (`Tests/Fixtures/issuers/mint.py`).
struct MintedTokens {
    /// Public JWK of each generated key, named by the key's name (which is also its `kid`).
    let jwks: [String: JSONObject]
    /// Each token by name.
    let tokens: [String: String]

    subscript(token name: String) -> String { tokens[name] ?? "missing-token-\(name)" }

    /// A JWK Set of the named keys, each with `alg` (and any extra members) added as an issuer
    /// publishes it.
    func keySet(_ keys: [(name: String, alg: String)], extra: JSONObject = [:]) -> JSONValue {
        .object([
            "keys": .array(
                keys.map { key in
                    var jwk = jwks[key.name] ?? [:]
                    jwk["alg"] = .string(key.alg)
                    jwk["use"] = "sig"
                    for name in extra.names { jwk[name] = extra[name] }
                    return .object(jwk)
                })
        ])
    }
}

/// One token to mint: see mint.py for the members.
struct TokenSpec {
    var name: String
    var library = "pyjwt"
    var key: String? = nil
    var secret: String? = nil
    var alg: String
    var header: JSONObject = [:]
    var claims: JSONObject
    var forge: String? = nil

    var json: JSONValue {
        var object: JSONObject = [
            "name": .string(name), "lib": .string(library), "alg": .string(alg), "header": .object(header),
            "claims": .object(claims),
        ]
        if let key { object["key"] = .string(key) }
        if let secret { object["secret"] = .string(secret) }
        if let forge { object["forge"] = .string(forge) }
        return .object(object)
    }
}

enum IssuerHarness {
    /// `Tests/Fixtures/issuers`.
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/issuers")
    }

    /// Generates `keys` (name → RSA, RSA1024, EC or OKP) and mints `tokens` with them.
    static func mint(keys: [String: String], tokens: [TokenSpec]) throws -> MintedTokens {
        let request: JSONValue = [
            "keys": .object(JSONObject(keys.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
            "tokens": .array(tokens.map(\.json)),
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-W", "ignore", directory.appendingPathComponent("mint.py").path]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(request.serialized()))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let result = try? JSONValue.parse(Array(data)) else {
            throw SupervisedProcessError("mint.py failed: \(problems)")
        }
        var jwks: [String: JSONObject] = [:]
        for (name, value) in result["jwks"]?.objectValue?.pairs ?? [] { jwks[name] = value.objectValue }
        var minted: [String: String] = [:]
        for (name, value) in result["tokens"]?.objectValue?.pairs ?? [] { minted[name] = value.stringValue }
        return MintedTokens(jwks: jwks, tokens: minted)
    }

    /// A `GATEHOUSE_TRUSTED_ISSUERS` document of these issuer objects.
    static func document(_ issuers: JSONValue...) -> String {
        JSONValue.object(["issuers": .array(issuers)]).jsonText
    }
}

extension JSONObject {
    /// The members in order.
    var pairs: [(String, JSONValue)] { names.map { ($0, self[$0]!) } }
}

/// A JWKS endpoint on 127.0.0.1 (a port in 18200–18299), shared by the tests of the process:
/// each test serves its documents under its own names, and can change the answer, make it fail,
/// and count the fetches.
final class JWKSEndpoint: Sendable {
    static let shared: JWKSEndpoint = {
        do { return try JWKSEndpoint() } catch { fatalError("cannot start the JWKS endpoint: \(error)") }
    }()

    let directory: String
    let port: Int
    private let process: SupervisedProcess

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let log = directory + "/server.out"
        process = try SupervisedProcess(
            ["python3", IssuerHarness.directory.appendingPathComponent("jwks_server.py").path, directory], logPath: log)
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), TestPorts.isListening(port)
            {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw SupervisedProcessError("the JWKS endpoint did not start: \(process.log())")
    }

    /// The URL of a document.
    func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

    /// Serves `body` under `name`, with this Cache-Control value (none when nil).
    func serve(_ name: String, _ body: [UInt8], cacheControl: String? = nil) throws {
        try Data(body).write(to: URL(fileURLWithPath: "\(directory)/\(name).json"))
        let cachePath = "\(directory)/\(name).cache-control"
        if let cacheControl { try cacheControl.write(toFile: cachePath, atomically: true, encoding: .utf8) }
        else { try? FileManager.default.removeItem(atPath: cachePath) }
    }

    /// Serves a JWK Set under `name`.
    func serve(_ name: String, _ document: JSONValue, cacheControl: String? = nil) throws {
        try serve(name, document.serialized(), cacheControl: cacheControl)
    }

    /// Answers `name` with `status` from now on (nil: 200 again).
    func answer(_ name: String, status: Int?) throws {
        let path = "\(directory)/\(name).status"
        if let status { try String(status).write(toFile: path, atomically: true, encoding: .utf8) }
        else { try? FileManager.default.removeItem(atPath: path) }
    }

    /// How many times `name` was fetched.
    func fetches(_ name: String) -> Int {
        ((try? String(contentsOfFile: "\(directory)/\(name).log", encoding: .utf8)) ?? "")
            .split(separator: "\n").count
    }
}
