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
        "hiredis, libstdc++ and GCC's unwinder are linked from their archives: only libc and libm to load",
        arguments: FunctionName.allCases.map(\.rawValue))
    func archives(function: String) throws {
        // Package.swift searches Core/Archives/<arch> first, where links name the archives Debian 12
        // installs; a link that dangles (no archive there) falls back to the shared library.
        #if arch(arm64)
        let folder = "aarch64-linux-gnu"
        #else
        let folder = "x86_64-linux-gnu"
        #endif
        for (archive, package) in [("libhiredis.a", "libhiredis-dev"), ("libstdc++.a", "libstdc++-12-dev")] {
            let link = repositoryRoot.appendingPathComponent("Core/Archives/\(folder)/\(archive)").path
            #expect(FileManager.default.fileExists(atPath: link), "\(link) names no archive: is \(package) installed?")
        }
        let (_, dynamic) = try runTool("/usr/bin/readelf", ["-d", BuiltProducts.path(function)])
        let needed = dynamic.split(whereSeparator: \.isNewline).filter { $0.contains("(NEEDED)") }.compactMap {
            $0.split(separator: "[").last?.split(separator: "]").first.map(String.init)
        }
        #expect(!needed.isEmpty, "readelf printed no NEEDED entries: \(dynamic.prefix(300))")
        // -static-libgcc: the unwinder comes from libgcc_eh.a, so libgcc_s.so.1 is not among these.
        let system: Set<String> = ["libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"]
        // A debug build links the Swift runtime's shared libraries (release builds link it statically).
        let swiftRuntime = ["libswift", "libFoundationEssentials", "lib_Foundation", "libdispatch", "libBlocksRuntime"]
        let others = needed.filter { name in !system.contains(name) && !swiftRuntime.contains { name.hasPrefix($0) } }
        #expect(
            others.isEmpty,
            "\(function) loads more than libc and libm (and the Swift runtime; libgcc_s.so means a link without -static-libgcc): \(others)")
        let (_, symbols) = try runTool("/usr/bin/nm", ["--defined-only", BuiltProducts.path(function)])
        #expect(symbols.contains(" redisConnectWithTimeout"), "\(function) does not define hiredis's functions")
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

    @Test(
        "the start-up code comes first: Gatehouse's functions that Functions/startup.order lists precede all others",
        arguments: ["signin", "jwks", "verify"])
    func startupOrder(function: String) throws {
        // A cold process faults its code in page by page; the link places what a cold request runs
        // (the order file) at the start of the text segment, one section per function
        // (-function-sections), instead of spread over 13 MB. Only Gatehouse's own functions are
        // compared: every build compiles them one section per function.
        let listed = Set(
            try String(contentsOf: repositoryRoot.appendingPathComponent("Functions/startup.order"), encoding: .utf8)
                .split(whereSeparator: \.isNewline).map(String.init))
        let (status, output) = try runTool("/usr/bin/nm", ["--defined-only", BuiltProducts.path(function)])
        #expect(status == 0, "nm: \(output.prefix(200))")
        var first: (address: UInt64, name: String)? = nil  // the first unlisted Gatehouse function
        var lastListed: (address: UInt64, name: String)? = nil
        var listedCount = 0
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[1] == "t" || fields[1] == "T", fields[2].hasPrefix("$s13GatehouseCore"),
                let address = UInt64(fields[0], radix: 16)
            else { continue }
            let name = String(fields[2])
            if listed.contains(name) {
                listedCount += 1
                if lastListed.map({ address > $0.address }) ?? true { lastListed = (address, name) }
            } else if first.map({ address < $0.address }) ?? true {
                first = (address, name)
            }
        }
        #expect(listedCount >= 20, "\(function) defines only \(listedCount) of the order file's Gatehouse functions: regenerate it (infra/bench/startup-order)")
        if let lastListed, let first {
            #expect(
                lastListed.address < first.address,
                "\(function): \(lastListed.name) (listed) lies after \(first.name) (not listed): was it linked without Functions/startup.order?")
        }
    }

    @Test(
        "Gatehouse's code reaches type metadata through accessors: no demangling cache variables (…MD) in its objects",
        arguments: ["GatehouseCore", "SigninFunction", "JWKSFunction", "VerifyFunction"])
    func noMangledNameMetadataAccess(target: String) throws {
        // A `…MD` symbol is the cache of one mangled-name metadata lookup; the first lookup of a generic
        // type checks its conformances by scanning every conformance record of the binary, which cost a
        // cold signin about 1 M of its 6.5 M instructions. Package.swift's
        // -disable-concrete-type-metadata-mangled-name-accessors leaves none (swift-crypto, built
        // without it by a debug build, defines about 170).
        let folder = BuiltProducts.directory.appendingPathComponent("\(target).build")
        let objects = try Self.currentObjects(in: folder)
        #expect(!objects.isEmpty, "no object files in \(folder.path)")
        var cacheVariables: [String] = []
        for object in objects {
            let (status, symbols) = try runTool("/usr/bin/nm", ["--defined-only", object])
            #expect(status == 0, "nm \(object): \(symbols.prefix(200))")
            cacheVariables += symbols.split(whereSeparator: \.isNewline).filter { $0.hasSuffix("MD") }.map(String.init)
        }
        #expect(cacheVariables.isEmpty, "\(target) looks metadata up by mangled name: \(cacheVariables.prefix(5))")
    }

    /// The object files of the target's current sources, from SwiftPM's output file map: a build
    /// folder keeps the objects of source files since renamed or deleted, built with older flags.
    static func currentObjects(in folder: URL) throws -> [String] {
        let map = try JSONValue.parse(
            String(decoding: try Data(contentsOf: folder.appendingPathComponent("output-file-map.json")), as: UTF8.self))
        guard case .object(let sources) = map else { return [] }
        return sources.names.compactMap { sources[$0]?["object"]?.stringValue }.filter {
            FileManager.default.fileExists(atPath: $0)
        }
    }

    /// The libraries the dynamic loader opened for one run (`LD_DEBUG=files` writes them on stderr).
    func loadedLibraries(_ function: String, environment: [String: String], input: [UInt8] = []) throws -> String {
        var environment = environment
        environment["LD_DEBUG"] = "files"
        return try FunctionProcess.run(function, environment: environment, input: input).stderr
    }

    @Test("no transport loads libcurl: a CGI request, a stdin event and the Lambda loop (a plain socket)")
    func curlNeverLoadedOnStartPaths() throws {
        let fixture = try GatehouseFixture()
        let cgi = CGITransport.environment(
            for: APIRequest(method: "GET", path: "/.well-known/jwks.json"),
            base: fixture.processEnvironment())
        let cgiLoads = try loadedLibraries("jwks", environment: cgi)
        #expect(cgiLoads.contains("calling init"), "\(cgiLoads.prefix(500))")
        #expect(!cgiLoads.contains("libcurl"))
        let event = JSONValue.object([
            "rawPath": "/.well-known/jwks.json", "requestContext": ["http": ["method": "GET"]],
        ]).serialized()
        #expect(
            try !loadedLibraries("jwks", environment: fixture.processEnvironment(), input: event).contains("libcurl"))

        // The Lambda loop against a peer that is not there: it retries on its socket and gives up,
        // without loading libcurl (some forty libraries, about half of a cold Lambda start).
        let port = try TestPorts.free()
        let lambda = try loadedLibraries(
            "jwks", environment: fixture.processEnvironment(["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(port)"]))
        #expect(lambda.contains("calling init"), "\(lambda.prefix(500))")
        #expect(!lambda.contains("libcurl"), "the Lambda loop loaded libcurl")
    }
}
