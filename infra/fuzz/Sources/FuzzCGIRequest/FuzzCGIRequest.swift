import FuzzSupport
import GatehouseCore

/// The CGI environment → Request: NUL-separated `NAME=value` pairs, then the body after an empty pair.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
    var environment: [String: String] = [:]
    var body: [UInt8] = []
    for (index, part) in parts.enumerated() {
        guard !part.isEmpty else {
            body = Array(parts[(index + 1)...].joined(separator: [0]))
            break
        }
        let text = String(decoding: part, as: UTF8.self)
        guard let equals = text.firstIndex(of: "=") else { continue }
        environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
    }
    if let request = try? CGITransport.request(environment: environment, readBody: { _, _ in body }) {
        _ = request.queryItems
        _ = request.cookie(named: "__Host-gh_session")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzCGIRequest_main`: hand it to libFuzzer.
@_cdecl("FuzzCGIRequest_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
