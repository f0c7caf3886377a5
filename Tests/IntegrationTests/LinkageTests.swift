import Foundation
import GatehouseCore
import Testing

@Suite("what the function executables link and load")
struct LinkageTests {
    @Test(
        "no ICU-backed Foundation, and libcurl is not a dependency (DT_NEEDED)",
        arguments: FunctionName.allCases.map(\.rawValue))
    func functionLinkage(function: String) throws {
        let (status, output) = try runTool("/usr/bin/ldd", [BuiltProducts.path(function)])
        #expect(status == 0, "\(output)")
        let libraries = output.split(whereSeparator: \.isNewline).compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
        #expect(
            !libraries.contains { $0.hasPrefix("libFoundation.so") || $0.contains("ICU") || $0.contains("icu") },
            "\(libraries)")
        #expect(!libraries.contains { $0.hasPrefix("libcurl") }, "\(libraries)")
        let (_, dynamic) = try runTool("/usr/bin/readelf", ["-d", BuiltProducts.path(function)])
        let needed = dynamic.split(whereSeparator: \.isNewline).filter { $0.contains("(NEEDED)") }
        #expect(!needed.isEmpty, "readelf printed no NEEDED entries: \(dynamic.prefix(300))")
        #expect(!needed.contains { $0.contains("libcurl") }, "\(needed)")
    }

    @Test(
        "start-up link properties: packed relative relocations (DT_RELR), no exported dynamic symbols",
        arguments: FunctionName.allCases.map(\.rawValue))
    func startupLinkProperties(function: String) throws {
        let (_, dynamic) = try runTool("/usr/bin/readelf", ["-d", BuiltProducts.path(function)])
        #expect(dynamic.contains("(RELR)"), "\(function) has no DT_RELR: was it linked without -z pack-relative-relocs?")
        let (_, symbols) = try runTool("/usr/bin/nm", ["-D", "--defined-only", BuiltProducts.path(function)])
        let exported = symbols.split(whereSeparator: \.isNewline)
        #expect(
            exported.count < 20,
            "\(function) exports \(exported.count) dynamic symbols (linked with -export-dynamic?): \(exported.prefix(5))")
    }

    /// The libraries the dynamic loader opened for one run (`LD_DEBUG=files` writes them on stderr).
    func loadedLibraries(_ function: String, environment: [String: String], input: [UInt8] = []) throws -> String {
        var environment = environment
        environment["LD_DEBUG"] = "files"
        return try FunctionProcess.run(function, environment: environment, input: input).stderr
    }

    @Test("a CGI request and a stdin event never load libcurl; the Lambda loop does, lazily")
    func curlLoadedOnlyForLambda() throws {
        let fixture = try GatehouseFixture()
        let cgi = CGITransport.environment(
            for: APIRequest(method: "GET", path: "/.well-known/jwks.json"),
            base: fixture.processEnvironment())
        let cgiLoads = try loadedLibraries("jwks", environment: cgi)
        #expect(cgiLoads.contains("libhiredis") || cgiLoads.contains("calling init"), "\(cgiLoads.prefix(500))")
        #expect(!cgiLoads.contains("libcurl"))
        let event = JSONValue.object([
            "rawPath": "/.well-known/jwks.json", "requestContext": ["http": ["method": "GET"]],
        ]).serialized()
        #expect(
            try !loadedLibraries("jwks", environment: fixture.processEnvironment(), input: event).contains("libcurl"))

        // The Lambda loop against a peer that is not there: it loads libcurl, retries, gives up.
        let port = try TestPorts.free()
        let lambda = try loadedLibraries(
            "jwks", environment: fixture.processEnvironment(["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(port)"]))
        #expect(lambda.contains("libcurl.so.4"))
    }
}
